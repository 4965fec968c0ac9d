// Issue 14: export what you see (all or the shown rows, JSON Lines or HAR) and tell clients
// apart (path, Origin, User-Agent, RTT columns). End to end through the window with the real
// server and QWebSocket clients. Offscreen platform, 127.0.0.1.
#include "connectionmodel.h"
#include "exportdialog.h"
#include "framefilterproxy.h"
#include "framelogmodel.h"
#include "jsonlog.h"
#include "mainwindow.h"

#include "protocol/frame.h"
#include "server/websocketserver.h"

#include <QAction>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QNetworkRequest>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QWebSocket>
#include <QtTest>

#include "ui/uitestutil.h"

using namespace framescope;

namespace {

using uitest::kTimeoutMs;

bool openWith(QWebSocket &client, const QString &url, const QByteArray &path,
              const QByteArray &userAgent)
{
    QSignalSpy connected(&client, &QWebSocket::connected);
    QString base = url; // "ws://127.0.0.1:port/"
    if (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    QNetworkRequest request(QUrl(base + QString::fromUtf8(path)));
    if (!userAgent.isEmpty())
        request.setRawHeader("User-Agent", userAgent);
    client.open(request);
    return connected.wait(kTimeoutMs);
}

QString cell(const ConnectionModel *model, int row, int column)
{
    return model->data(model->index(row, column), Qt::DisplayRole).toString();
}

QList<QJsonObject> readLines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QJsonObject> out;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (!line.isEmpty())
            out << QJsonDocument::fromJson(line).object();
    }
    return out;
}

// Two clients (one with Origin and User-Agent), a message each, echoed.
struct Traffic
{
    QWebSocket a{QStringLiteral("http://app.example:3000")};
    QWebSocket b;
    int fdA = 0;
    int fdB = 0;
};

void makeTraffic(MainWindow &window, Traffic &t)
{
    QVERIFY(window.startServer());
    QVERIFY(openWith(t.a, window.listeningUrl(), "/room?id=7", "Framescope-Test/2.0"));
    QVERIFY(openWith(t.b, window.listeningUrl(), "/other", {}));
    QSignalSpy echoA(&t.a, &QWebSocket::textMessageReceived);
    QSignalSpy echoB(&t.b, &QWebSocket::binaryMessageReceived);
    t.a.sendTextMessage(QStringLiteral("alpha"));
    t.b.sendBinaryMessage(QByteArray::fromHex("beef"));
    QTRY_COMPARE_WITH_TIMEOUT(echoA.size() + echoB.size(), 2, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(window.connectionModel()->rowCount(), 2, kTimeoutMs);
    t.fdA = window.connectionModel()->record(0)->fd;
    t.fdB = window.connectionModel()->record(1)->fd;
    // Records trail the clients' signals: wait for both echoes in the log.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            window.frameLog()->flush();
            int out = 0;
            for (int row = 0; row < window.frameLog()->rowCount(); ++row) {
                const EventRecord &r = *window.frameLog()->entry(row)->record;
                out += r.kind == EventRecord::Kind::Frame && r.direction == Direction::Out;
            }
            return out == 2;
        }(),
        kTimeoutMs);
}

} // namespace

class TestInspectorExport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void exportDialogChoices();
    void exportAllAndShownAsJsonLines();
    void exportShownAsHar();
    void clientColumns();
    void clientColumnsHideAndPersist();
};

void TestInspectorExport::initTestCase()
{
    uitest::isolateSettings();
}

void TestInspectorExport::exportDialogChoices()
{
    ExportDialog unfiltered(10, 10);
    auto radios = unfiltered.findChildren<QRadioButton *>();
    QCOMPARE(radios.size(), 4);
    QCOMPARE(unfiltered.format(), ExportFormat::JsonLines);
    QVERIFY(!unfiltered.shownOnly());
    QRadioButton *shown = radios[3];
    QVERIFY(!shown->isEnabled()); // the filter shows every row
    unfiltered.setShownOnly(true);
    QVERIFY(!unfiltered.shownOnly());
    unfiltered.setFormat(ExportFormat::Har);
    QVERIFY(unfiltered.suggestedFileName().endsWith(QStringLiteral(".har")));
    QVERIFY(unfiltered.fileFilter().contains(QStringLiteral("*.har")));

    ExportDialog filtered(10, 3);
    QVERIFY(filtered.shownOnly()); // a filter is on: what you see is the default
    QVERIFY(filtered.findChildren<QRadioButton *>()[3]->text().contains(QStringLiteral("(3)")));
    QVERIFY(filtered.suggestedFileName().endsWith(QStringLiteral(".jsonl")));
    filtered.setShownOnly(false);
    QVERIFY(!filtered.shownOnly());
}

void TestInspectorExport::exportAllAndShownAsJsonLines()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Echo);
    window.show();
    Traffic t;
    makeTraffic(window, t);
    if (QTest::currentTestFailed())
        return;
    QTemporaryDir dir;
    QString error;

    const QString all = dir.filePath(QStringLiteral("all.jsonl"));
    QVERIFY2(window.exportLog(all, &error, ExportFormat::JsonLines, false), qPrintable(error));
    const QList<QJsonObject> allLines = readLines(all);
    QCOMPARE(allLines.size(), window.frameLog()->rowCount());
    QSet<int> fds;
    for (const QJsonObject &o : allLines)
        fds.insert(o.value("fd").toInt());
    QCOMPARE(fds, (QSet<int>{t.fdA, t.fdB}));
    // The open event tells the clients apart; times have microseconds.
    const auto openA = std::find_if(allLines.begin(), allLines.end(), [&](const QJsonObject &o) {
        return o.value("event") == QLatin1String("open") && o.value("fd").toInt() == t.fdA;
    });
    QVERIFY(openA != allLines.end());
    QCOMPARE(openA->value("uri").toString(), QStringLiteral("/room?id=7"));
    QCOMPARE(openA->value("origin").toString(), QStringLiteral("http://app.example:3000"));
    QCOMPARE(openA->value("user_agent").toString(), QStringLiteral("Framescope-Test/2.0"));
    QCOMPARE(openA->value("time").toString().size(), 27);

    // Only the rows shown: the selected connection's.
    window.followSelectionAction()->setChecked(true);
    window.connectionView()->selectRow(1);
    const int shownRows = window.frameView()->model()->rowCount();
    QVERIFY(shownRows > 0 && shownRows < allLines.size());
    const QString shown = dir.filePath(QStringLiteral("shown.jsonl"));
    QVERIFY2(window.exportLog(shown, &error, ExportFormat::JsonLines, true), qPrintable(error));
    const QList<QJsonObject> shownLines = readLines(shown);
    QCOMPARE(shownLines.size(), shownRows);
    for (const QJsonObject &o : shownLines)
        QCOMPARE(o.value("fd").toInt(), t.fdB);

    // What was exported imports back as the same rows.
    QVERIFY2(window.importLog(shown, &error), qPrintable(error));
    QCOMPARE(window.importedLog()->rowCount(), shownRows);
    window.backToLive();
}

void TestInspectorExport::exportShownAsHar()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Echo);
    window.show();
    Traffic t;
    makeTraffic(window, t);
    if (QTest::currentTestFailed())
        return;
    QTemporaryDir dir;
    QString error;

    const QString all = dir.filePath(QStringLiteral("all.har"));
    QVERIFY2(window.exportLog(all, &error, ExportFormat::Har, false), qPrintable(error));
    QFile file(all);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    const QJsonArray entries = doc.object().value("log").toObject().value("entries").toArray();
    QCOMPARE(entries.size(), 2);
    const QJsonObject a = entries[0].toObject();
    QCOMPARE(a.value("connection").toString(), QString::number(t.fdA));
    QVERIFY(a.value("request").toObject().value("url").toString().endsWith(
        QStringLiteral("/room?id=7")));
    QCOMPARE(a.value("response").toObject().value("status").toInt(), 101);
    const QJsonArray messages = a.value("_webSocketMessages").toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages[0].toObject().value("type").toString(), QStringLiteral("send"));
    QCOMPARE(messages[0].toObject().value("data").toString(), QStringLiteral("alpha"));
    QCOMPARE(messages[1].toObject().value("type").toString(), QStringLiteral("receive"));
    const QJsonArray bMessages = entries[1].toObject().value("_webSocketMessages").toArray();
    QCOMPARE(bMessages[0].toObject().value("opcode").toInt(), 2);
    QCOMPARE(bMessages[0].toObject().value("data").toString(), QStringLiteral("vu8="));

    // Only B's binary frames shown: its open row is filtered out, so the handshake comes
    // from the connections table.
    window.followSelectionAction()->setChecked(true);
    window.connectionView()->selectRow(1);
    window.frameFilter()->setOpcodeFilter(FrameFilterProxy::OpcodeFilter::Binary);
    QCOMPARE(window.frameView()->model()->rowCount(), 2);
    const QString shown = dir.filePath(QStringLiteral("shown.har"));
    QVERIFY2(window.exportLog(shown, &error, ExportFormat::Har, true), qPrintable(error));
    QFile shownFile(shown);
    QVERIFY(shownFile.open(QIODevice::ReadOnly));
    const QJsonArray shownEntries = QJsonDocument::fromJson(shownFile.readAll())
                                        .object()
                                        .value("log")
                                        .toObject()
                                        .value("entries")
                                        .toArray();
    QCOMPARE(shownEntries.size(), 1);
    QCOMPARE(shownEntries[0].toObject().value("connection").toString(), QString::number(t.fdB));
    const QJsonObject bEntry = shownEntries[0].toObject();
    QVERIFY(bEntry.value("request").toObject().value("url").toString().endsWith(
        QStringLiteral("/other")));
    QCOMPARE(bEntry.value("response").toObject().value("status").toInt(), 101);
    QCOMPARE(bEntry.value("_webSocketMessages").toArray().size(), 2);

    // A file that cannot be written: false and a reason, no crash.
    QVERIFY(!window.exportLog(dir.filePath(QStringLiteral("no/such/dir/x.har")), &error,
                              ExportFormat::Har, false));
    QVERIFY(!error.isEmpty());
}

void TestInspectorExport::clientColumns()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Echo);
    window.show();
    Traffic t;
    makeTraffic(window, t);
    if (QTest::currentTestFailed())
        return;
    ConnectionModel *model = window.connectionModel();
    QCOMPARE(
        model->headerData(ConnectionModel::ColPath, Qt::Horizontal, Qt::DisplayRole).toString(),
        QStringLiteral("Path"));
    QCOMPARE(cell(model, 0, ConnectionModel::ColPath), QStringLiteral("/room?id=7"));
    QCOMPARE(cell(model, 0, ConnectionModel::ColOrigin), QStringLiteral("http://app.example:3000"));
    QCOMPARE(cell(model, 0, ConnectionModel::ColUserAgent), QStringLiteral("Framescope-Test/2.0"));
    QCOMPARE(cell(model, 1, ConnectionModel::ColPath), QStringLiteral("/other"));
    QCOMPARE(cell(model, 1, ConnectionModel::ColOrigin), QString());
    QCOMPARE(cell(model, 0, ConnectionModel::ColRtt), QString()); // no ping yet
    // A ping from the window: the client's automatic pong gives the RTT.
    QVERIFY(window.server()->ping(t.fdA, "rtt"));
    QTRY_VERIFY_WITH_TIMEOUT(!cell(model, 0, ConnectionModel::ColRtt).isEmpty(), kTimeoutMs);
    QVERIFY2(
        cell(model, 0, ConnectionModel::ColRtt).contains(QRegularExpression("^[0-9.]+ (µs|ms|s)$")),
        qPrintable(cell(model, 0, ConnectionModel::ColRtt)));
    QCOMPARE(cell(model, 1, ConnectionModel::ColRtt), QString());
    // Visible, with room for their text.
    for (int col : {ConnectionModel::ColPath, ConnectionModel::ColOrigin,
                    ConnectionModel::ColUserAgent, ConnectionModel::ColRtt}) {
        QVERIFY(!window.connectionView()->isColumnHidden(col));
        QVERIFY(window.connectionView()->columnWidth(col) >= 40);
    }
}

void TestInspectorExport::clientColumnsHideAndPersist()
{
    QSettings().clear();
    {
        MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                          MainWindow::MessageMode::Echo);
        window.show();
        std::unique_ptr<QMenu> menu(window.createHeaderMenu(window.connectionView()));
        QAction *userAgent = nullptr;
        for (QAction *a : menu->actions()) {
            if (a->text() == QLatin1String("User-Agent"))
                userAgent = a;
        }
        QVERIFY(userAgent && userAgent->isChecked());
        userAgent->trigger();
        QVERIFY(window.connectionView()->isColumnHidden(ConnectionModel::ColUserAgent));
        window.connectionView()->setColumnWidth(ConnectionModel::ColOrigin, 211);
        window.close(); // saves the view state
    }
    MainWindow again(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                     MainWindow::MessageMode::Echo);
    QVERIFY(again.connectionView()->isColumnHidden(ConnectionModel::ColUserAgent));
    QCOMPARE(again.connectionView()->columnWidth(ConnectionModel::ColOrigin), 211);
    QVERIFY(!again.connectionView()->isColumnHidden(ConnectionModel::ColPath));
    QSettings().clear();
}

QTEST_MAIN(TestInspectorExport)
#include "tst_inspectorexport.moc"
