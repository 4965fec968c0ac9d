#pragma once

#include "server/events.h"

#include <QByteArray>
#include <QColor>
#include <QString>

class QIcon;
class QPalette;

namespace framescope {

// Small pure helpers shared by the models and views. Every user-visible word goes through
// tr() in the callers' context (QCoreApplication::translate("framescope", …)).
QString formatTimeUs(qint64 timeUs);      // local "HH:mm:ss.zzzzzz"
QString formatDurationUs(qint64 us);      // "850 µs", "12.3 ms", "2.01 s"
QString formatBytes(qint64 bytes);        // "512 B", "1.5 KiB"
QString formatAge(qint64 seconds);        // "42 s", "3 min 02 s", "1 h 05 min"
QString websocketStatusLabel(int status); // "3 ACTIVE"
QString opcodeLabel(quint8 opcode);       // "TEXT (1)"
QString initiatorText(Initiator initiator);
QString directionText(Direction direction);
// First `maxChars` characters for one table cell: text as UTF-8 with control characters
// shown as symbols, binary as hex bytes.
QString payloadPreview(const QByteArray &payload, quint8 opcode, int maxChars = 120);
// Classic 16-bytes-per-line dump with offsets and an ASCII column.
QString hexDump(const QByteArray &data, int maxBytes = 64 * 1024);
// Parses hex typed by a user ("48 65 6c", "48656c", "0x48,0x65"); false on odd digits or junk.
bool parseHexInput(const QString &text, QByteArray &out);
// Pretty-printed JSON, or empty when `data` is not a JSON object or array.
QString prettyJson(const QByteArray &data);
// The close frame payload split into code and reason (code 1005 for an empty payload).
bool parseClosePayload(const QByteArray &payload, quint16 &code, QByteArray &reason);
// "WEBSOCKET_CLOSE_NORMAL — Normal closure: …" from the shared close-code table (translated).
QString closeCodeDescription(quint16 code);
QString closeCodeMeaning(quint16 code);
// The application icon (PNG sizes: the SVG icon engine plugin is optional).
QIcon appIcon();
// Text of a hint that says what is wrong (a bad value in a form), on any theme.
inline const QColor kErrorText{214, 69, 65};
// Palette-derived tint: `accent` blended into the base colour, so dark themes keep contrast.
QColor tintedBase(const QPalette &palette, const QColor &accent, qreal strength = 0.22);

} // namespace framescope
