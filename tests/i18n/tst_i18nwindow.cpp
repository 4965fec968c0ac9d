// The window in German, end to end: the language comes from the environment (LANGUAGE=de,
// set by CMake) through QLocale::system() as in the app, the catalogue from the embedded
// resource, and the texts checked are the ones a user sees, including rows that only exist
// once a real client has connected.
#include "closeinspector.h"
#include "connectionmodel.h"
#include "framelogmodel.h"
#include "mainwindow.h"
#include "sendpanel.h"
#include "translations.h"

#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QWebSocket>
#include <QtTest>

using namespace framescope;

class TestI18nWindow final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void windowIsGerman();
    void liveRowsAreGerman();
};

void TestI18nWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FramescopeTest"));
    QVERIFY2(QLocale::system().uiLanguages().constFirst().startsWith(QLatin1String("de")),
             qPrintable(QLocale::system().uiLanguages().join(QLatin1Char(','))));
    QCOMPARE(installTranslators(QCoreApplication::instance(), QLocale::system()),
             QStringLiteral("de"));
}

void TestI18nWindow::windowIsGerman()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Echo);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QStringList labels;
    for (const QLabel *label : window.findChildren<QLabel *>())
        labels << label->text();
    QVERIFY2(labels.contains(QStringLiteral("<b>Verbindungen</b>")), qPrintable(labels.join('|')));
    QVERIFY(!labels.contains(QStringLiteral("<b>Connections</b>")));

    QCOMPARE(window.sendPanel()->sendButton()->text(), QStringLiteral("Senden"));
    QCOMPARE(window.sendPanel()->broadcastButton()->text(), QStringLiteral("Broadcast an alle"));
    QCOMPARE(window.sendPanel()->disconnectButton()->text(), QStringLiteral("Trennen"));

    QStringList tabs;
    for (const QTabWidget *tabWidget : window.findChildren<QTabWidget *>()) {
        for (int i = 0; i < tabWidget->count(); ++i)
            tabs << tabWidget->tabText(i);
    }
    QVERIFY2(tabs.contains(QStringLiteral("Close-Inspektor")), qPrintable(tabs.join('|')));
    QVERIFY(tabs.contains(QStringLiteral("Verbindung")));

    QVERIFY(window.closeInspector()->detailsText().startsWith(
        QStringLiteral("Bisher wurde keine Verbindung geschlossen.")));
    QCOMPARE(window.connectionModel()->headerData(ConnectionModel::ColPeer, Qt::Horizontal,
                                                  Qt::DisplayRole),
             QVariant(QStringLiteral("Gegenstelle")));
    QCOMPARE(
        window.frameLog()->headerData(FrameLogModel::ColPreview, Qt::Horizontal, Qt::DisplayRole),
        QVariant(QStringLiteral("Vorschau")));
}

void TestI18nWindow::liveRowsAreGerman()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Echo);
    window.show();
    QVERIFY(window.startServer());
    QVERIFY(window.windowTitle().startsWith(QStringLiteral("Framescope — ws://127.0.0.1:")));

    QWebSocket client;
    QSignalSpy connected(&client, &QWebSocket::connected);
    client.open(QUrl(window.listeningUrl()));
    QVERIFY(connected.wait(10000));
    FrameLogModel *log = window.frameLog();
    // The OPEN event row: its name comes from a helper outside any class (context
    // "framescope"), the kind of tr() that silently stayed English before.
    QTRY_VERIFY_WITH_TIMEOUT(log->rowCount() >= 1, 10000);
    QCOMPARE(log->data(log->index(0, FrameLogModel::ColOpcode), Qt::DisplayRole).toString(),
             QStringLiteral("GEÖFFNET"));
    QVERIFY(log->data(log->index(0, FrameLogModel::ColPreview), Qt::DisplayRole)
                .toString()
                .contains(QStringLiteral(" von 127.0.0.1:")));

    client.sendTextMessage(QStringLiteral("hallo"));
    QTRY_VERIFY_WITH_TIMEOUT(log->rowCount() >= 3, 10000);
    QCOMPARE(log->data(log->index(1, FrameLogModel::ColDirection), Qt::DisplayRole).toString(),
             QStringLiteral("ein"));
    QCOMPARE(log->data(log->index(2, FrameLogModel::ColDirection), Qt::DisplayRole).toString(),
             QStringLiteral("aus"));
    ConnectionModel *connections = window.connectionModel();
    QCOMPARE(
        connections->data(connections->index(0, ConnectionModel::ColCompression), Qt::DisplayRole)
            .toString(),
        QStringLiteral("keine"));

    const int fd = connections->record(0)->fd;
    client.close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("tschüss"));
    CloseInspector *inspector = window.closeInspector();
    const auto shows = [inspector, fd](const QString &text) {
        inspector->showFd(fd);
        return inspector->detailsText().contains(text);
    };
    // The close code's meaning comes from core in English and is translated in ui.
    QTRY_VERIFY_WITH_TIMEOUT(shows(QStringLiteral("Richtlinienverstoß")), 10000);
    QVERIFY(inspector->detailsText().contains(QStringLiteral("Ausgelöst von")));
    QVERIFY(inspector->detailsText().contains(QStringLiteral("„tschüss“ (8 Bytes)")));
}

QTEST_MAIN(TestI18nWindow)
#include "tst_i18nwindow.moc"
