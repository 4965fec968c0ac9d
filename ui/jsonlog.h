#pragma once

#include "server/events.h"

#include <QIODevice>
#include <QString>
#include <QVector>

namespace framescope {

class ConnectionModel;
class FrameLogModel;

// The frame log's rows in the formats of core/log: JSON Lines (JsonLinesWriter, the
// headless log's schema with microsecond times; a frame that ended a message carries it as
// message_length, fragments, message_payload) and HAR 1.2 (HarWriter, docs/export.md).
QByteArray recordToJsonLine(const EventRecord &record, const EventRecord *message = nullptr);

// `rows`: the model's rows to write, in order (the rows a filter shows); null: every row.
// Return the number of rows written, -1 on an I/O error.
qint64 exportJsonLines(const FrameLogModel &model, QIODevice &device,
                       const QVector<int> *rows = nullptr);
// One HAR entry per connection; a connection whose open row is not among `rows` takes its
// handshake from `connections` (may be null).
qint64 exportHar(const FrameLogModel &model, const ConnectionModel *connections, QIODevice &device,
                 const QVector<int> *rows = nullptr);

// Reads a file written by exportJsonLines (or the headless --log-format jsonl log): the
// records the frame log shows. `skipped` counts lines that could not be read or are not
// frame-log rows (connect, request, …); `firstError` names the first with its line number.
EventBatch importJsonLines(QIODevice &device, int *skipped, QString *firstError);

} // namespace framescope
