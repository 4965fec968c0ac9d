#pragma once

#include "server/events.h"

#include <QByteArrayView>
#include <QIODevice>
#include <QString>

namespace framescope {

// The one JSON Lines reader: every line JsonLinesWriter writes (the headless log, the
// window's export) back into the records it was written from; also the window's older
// exports (time as seconds or milliseconds, `error` as a sentence on frames).
class JsonLinesReader final
{
public:
    // Appends the line's records to `out`: one, or two for a frame line that carries the
    // message it ended (message_length …). False with `error` (naming the value) when the
    // line is not JSON, not an object, has no known `event`, or a field has the wrong
    // type; `out` is then unchanged.
    static bool readLine(QByteArrayView line, EventBatch &out, QString *error = nullptr);

    struct Result
    {
        EventBatch records;
        int skipped = 0;        // lines that could not be read
        QString firstError;     // "line 3: …"
        int firstErrorLine = 0; // 1-based; 0: none
    };
    // Every line of `device`; blank lines are ignored. Lines longer than `maxLineBytes` are
    // skipped as errors without being held in memory whole.
    static Result readAll(QIODevice &device, qint64 maxLineBytes = 64 * 1024 * 1024);
};

} // namespace framescope
