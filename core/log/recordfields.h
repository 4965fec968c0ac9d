#pragma once

#include "server/events.h"

#include <QByteArray>
#include <QPair>
#include <QString>

namespace framescope {

// Values derived from an event record the same way by every log and export.

// "127.0.0.1:5000", "[::1]:5000" (an IPv4-mapped address shows as IPv4).
QString recordPeerText(const EventRecord &r);
// Close code and reason of a close frame or close record (0: none).
QPair<quint16, QByteArray> recordClose(const EventRecord &r);
// The payload is shown as text when it is meant as text and decodes as UTF-8.
bool recordPayloadIsText(const EventRecord &r);
// Payload bytes of a frame on the wire, or of a message after inflating.
qint64 recordTotalLength(const EventRecord &r);
// The JSON Lines `event` name: "frame", "open", "close", …
const char *recordEventName(EventRecord::Kind kind);

} // namespace framescope
