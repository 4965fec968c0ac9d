#pragma once

// Shared by the window tests: settings of their own, and a QWebSocket client that waits
// for its handshake.

#include <QCoreApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QString>
#include <QUrl>
#include <QWebSocket>

namespace framescope::uitest {

constexpr int kTimeoutMs = 10000;

// Settings under a test organisation in QStandardPaths' test locations, emptied: a test
// never reads what the user's window saved.
inline void isolateSettings()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FramescopeTest"));
    QSettings().clear();
}

inline bool openClient(QWebSocket &client, const QString &url)
{
    QSignalSpy connected(&client, &QWebSocket::connected);
    client.open(QUrl(url));
    return connected.wait(kTimeoutMs);
}

} // namespace framescope::uitest
