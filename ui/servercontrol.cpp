#include "servercontrol.h"

#include "protocol/handshake.h"
#include "server/http.h"
#include "server/httpresponse.h"
#include "server/websocketserver.h"

#include <QCoreApplication>
#include <QMetaObject>

#include <algorithm>

namespace framescope {

namespace {

QList<QByteArray> offeredSubprotocols(const HttpRequest &request)
{
    QList<QByteArray> out;
    for (const QByteArray &token : request.header.value("sec-websocket-protocol").split(',')) {
        const QByteArray t = token.trimmed();
        if (!t.isEmpty())
            out << t;
    }
    return out;
}

} // namespace

QString modeName(ServerControl::Mode mode)
{
    switch (mode) {
    case ServerControl::Mode::Echo:
        return QCoreApplication::translate("framescope", "echo");
    case ServerControl::Mode::Silent:
        return QCoreApplication::translate("framescope", "silent");
    case ServerControl::Mode::Broadcast:
        return QCoreApplication::translate("framescope", "broadcast");
    }
    return {};
}

ServerControl::ServerControl(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<framescope::ServerControl::Mode>();
}

void ServerControl::setMode(Mode mode)
{
    if (m_mode.exchange(int(mode)) != int(mode))
        emit modeChanged(mode);
}

bool ServerControl::rejectNext(int status, int count)
{
    if (status < 300 || status > 599 || count == 0 || count < UntilCleared)
        return false;
    {
        QMutexLocker locker(&m_mutex);
        m_rejectStatus = status;
        m_rejectRemaining = count;
    }
    emit rejectionChanged();
    return true;
}

void ServerControl::clearRejection()
{
    {
        QMutexLocker locker(&m_mutex);
        m_rejectRemaining = 0;
    }
    emit rejectionChanged();
}

int ServerControl::rejectStatus() const
{
    QMutexLocker locker(&m_mutex);
    return m_rejectStatus;
}

int ServerControl::rejectRemaining() const
{
    QMutexLocker locker(&m_mutex);
    return m_rejectRemaining;
}

qint64 ServerControl::rejectedTotal() const
{
    QMutexLocker locker(&m_mutex);
    return m_rejectedTotal;
}

void ServerControl::setExtraHeaders(const Headers &headers)
{
    QMutexLocker locker(&m_mutex);
    m_headers = headers;
}

ServerControl::Headers ServerControl::extraHeaders() const
{
    QMutexLocker locker(&m_mutex);
    return m_headers;
}

bool ServerControl::parseHeaders(const QString &text, Headers &out, QString *error)
{
    out.clear();
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty())
            continue;
        auto fail = [&](const QString &why) {
            if (error)
                *error = QCoreApplication::translate("framescope", "Line %1 (“%2”): %3")
                             .arg(i + 1)
                             .arg(line, why);
            out.clear();
            return false;
        };
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            return fail(QCoreApplication::translate("framescope", "write Name: value"));
        const QByteArray name = line.left(colon).trimmed().toLatin1();
        if (!isToken(name) || line.left(colon).trimmed() != QString::fromLatin1(name))
            return fail(QCoreApplication::translate(
                "framescope", "the name must be an HTTP token (letters, digits, -)"));
        const QString value = line.mid(colon + 1).trimmed();
        // RFC 7230 §3.2: field values are visible ASCII, space and tab (obs-text aside).
        for (const QChar ch : value) {
            if (ch.unicode() > 0x7e || (ch.unicode() < 0x20 && ch != QLatin1Char('\t')))
                return fail(
                    QCoreApplication::translate("framescope", "the value must be printable ASCII"));
        }
        out.append({name, value.toLatin1()});
    }
    return true;
}

bool ServerControl::isToken(const QByteArray &text)
{
    return isHttpToken(text);
}

void ServerControl::setSubprotocol(Subprotocol choice, const QByteArray &name)
{
    QMutexLocker locker(&m_mutex);
    m_subprotocol = choice;
    m_subprotocolName = name.trimmed();
}

ServerControl::Subprotocol ServerControl::subprotocolChoice() const
{
    QMutexLocker locker(&m_mutex);
    return m_subprotocol;
}

QByteArray ServerControl::subprotocolName() const
{
    QMutexLocker locker(&m_mutex);
    return m_subprotocolName;
}

void ServerControl::setConfiguredSubprotocol(const QByteArray &name)
{
    QMutexLocker locker(&m_mutex);
    m_configuredSubprotocol = name;
}

void ServerControl::beforeHandshakeResponse(const HttpRequest &request, HttpResponse &response)
{
    QMutexLocker locker(&m_mutex);
    for (const auto &h : std::as_const(m_headers))
        response.header(h.first, h.second);
    if (m_rejectRemaining != 0) {
        // Refused: the server answers this status and closes (a HandshakeRejected record).
        if (m_rejectRemaining > 0)
            --m_rejectRemaining;
        ++m_rejectedTotal;
        const int status = m_rejectStatus;
        response.status(status);
        response.end("Handshake rejected by Framescope (handshake control in the window)");
        QMetaObject::invokeMethod(
            this,
            [this, fd = request.fd, status] {
                emit handshakeRejected(fd, status);
                emit rejectionChanged();
            },
            Qt::QueuedConnection);
        return;
    }
    if (m_subprotocol == Subprotocol::Settings)
        return;
    const QList<QByteArray> offered = offeredSubprotocols(request);
    // The server answers websocket_subprotocol itself when the client offered it.
    if (!m_configuredSubprotocol.isEmpty() && offered.contains(m_configuredSubprotocol))
        return;
    QByteArray chosen;
    if (m_subprotocol == Subprotocol::FirstOffered)
        chosen = offered.value(0);
    else
        chosen = m_subprotocolName;
    if (!chosen.isEmpty())
        response.header("Sec-WebSocket-Protocol", chosen);
}

void ServerControl::onMessage(WebSocketServer &server, const Frame &frame)
{
    if (frame.isControl())
        return;
    // As the headless --mode echo / broadcast: what arrived compressed goes out compressed.
    const int flags = FlagFin | (frame.rsv1 ? FlagCompress : 0);
    switch (mode()) {
    case Mode::Echo:
        server.push(frame.fd, frame.data, frame.opcode, flags);
        break;
    case Mode::Broadcast:
        // Relayed to every other established client.
        server.broadcast(frame.data, frame.opcode, flags, frame.fd);
        break;
    case Mode::Silent:
        break;
    }
}

} // namespace framescope
