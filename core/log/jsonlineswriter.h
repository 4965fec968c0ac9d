#pragma once

#include "orderedjson.h"
#include "server/events.h"

#include <QByteArray>

namespace framescope {

// The one JSON Lines writer (schema: docs/headless.md, "Event log: JSON Lines"): the
// headless log, the window's export and its "copy rows as JSON Lines" all write through it,
// and JsonLinesReader reads every line it writes back into the same records.
class JsonLinesWriter final
{
public:
    // The headless log keeps milliseconds (its documented format); an export keeps the
    // microseconds the records have, so that a round trip is exact.
    enum class TimePrecision : quint8 { Milliseconds, Microseconds };
    static constexpr int IsoTimeLength = 24;   // "2026-11-26T01:49:22.343Z"
    static constexpr int IsoTimeUsLength = 27; // "2026-11-26T01:49:22.343123Z"

    // Serializes `record` into `json` (empty on entry; take the line with takeInto or
    // toJson). `message`: the reassembled message a frame ended, written into the frame's
    // line (message_length, fragments, message_payload) as the window's export does.
    static void write(const EventRecord &record, OrderedJson &json,
                      TimePrecision precision = TimePrecision::Milliseconds,
                      const EventRecord *message = nullptr);
    static QByteArray line(const EventRecord &record,
                           TimePrecision precision = TimePrecision::Milliseconds,
                           const EventRecord *message = nullptr); // no newline

    // UTC, ISO 8601; returns the length written (IsoTimeLength or IsoTimeUsLength).
    static int isoTime(qint64 timeUs, char (&out)[IsoTimeUsLength], TimePrecision precision);
    static QByteArray isoTime(qint64 timeUs, TimePrecision precision);
};

} // namespace framescope
