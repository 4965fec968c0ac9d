#pragma once

#include "server/events.h"

#include <QIODevice>
#include <QString>

namespace framescope {

class FrameLogModel;

// The frame log as JSON Lines, one object per row, in the headless log's schema:
// time (ISO 8601 UTC, µs), event, fd, direction, opcode, fin, rsv1, rsv2, rsv3, masked,
// length (payload), wire_length, payload | payload_base64, code, reason, …
QByteArray recordToJsonLine(const EventRecord &record, const EventRecord *message = nullptr);
// Parses one line back into records (a frame with an inflated message yields two).
// False with `error` set when the line is not one of ours.
bool recordsFromJsonLine(const QByteArray &line, EventBatch &out, QString *error);

// Writes every row of `model`; returns the number of rows written, -1 on an I/O error.
qint64 exportJsonLines(const FrameLogModel &model, QIODevice &device);
// Reads a file written by exportJsonLines (or the headless --log-format jsonl log).
// Returns the records; `skipped` counts lines that could not be read.
EventBatch importJsonLines(QIODevice &device, int *skipped, QString *firstError);

} // namespace framescope
