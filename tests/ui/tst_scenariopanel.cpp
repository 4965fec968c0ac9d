// Issue 15 from the window: the Scenarios tab runs a provoke scenario on the selected live
// connection and shows the verdict; runs started by ws://.../scenario/NAME URLs show too.
// End to end with the window's real server: a QWebSocket client (answers pings, closes
// properly) passes, a raw-socket client that ignores everything fails. Offscreen, 127.0.0.1.
#include "connectionmodel.h"
#include "framelogmodel.h"
#include "mainwindow.h"
#include "scenariopanel.h"

#include "server/scenarios.h"
#include "server/websocketserver.h"

#include <QAction>
#include <QFontMetrics>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QWebSocket>
#include <QtTest>

#include "ui/uitestutil.h"

using namespace framescope;

namespace {

using uitest::kTimeoutMs;
using uitest::openClient;

// Waits for the connection with an established WebSocket and selects its row; its fd.
int selectEstablished(MainWindow &window)
{
    ConnectionModel *model = window.connectionModel();
    int row = -1;
    (void)QTest::qWaitFor(
        [&] {
            for (int r = 0; r < model->rowCount(); ++r) {
                const ConnectionRecord *c = model->record(r);
                if (c->websocket && c->status == StatusActive && !c->closed()) {
                    row = r;
                    return true;
                }
            }
            return false;
        },
        kTimeoutMs);
    if (row < 0)
        return -1;
    window.connectionView()->selectRow(row);
    return model->record(row)->fd;
}

QString verdictOf(ScenarioPanel *panel, int row)
{
    QTableWidgetItem *item = panel->runsView()->item(row, ScenarioPanel::ColVerdict);
    return item ? item->text() : QString();
}

} // namespace

class TestScenarioPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void catalogListed();
    void runDisabledWithReason();
    void correctClientPasses();
    void misbehavingClientFails();
    void urlRunShowsInTable();
    void catalogColumnsReadable();
    void rawFramesMarkedOnlyWhenInvalid();
};

void TestScenarioPanel::initTestCase()
{
    uitest::isolateSettings();
}

void TestScenarioPanel::catalogListed()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{});
    ScenarioPanel *panel = window.scenarioPanel();
    QVERIFY(panel);
    QCOMPARE(size_t(panel->catalogView()->rowCount()), scenarioCatalog().size());
    const Scenario &first = scenarioCatalog().front();
    QCOMPARE(panel->catalogView()->item(0, 0)->text(), first.name);
    QCOMPARE(panel->catalogView()->item(0, ScenarioPanel::ColCategory)->text(), first.category);
    QCOMPARE(panel->catalogView()->item(0, ScenarioPanel::ColRfc)->text(), first.rfc);
    QCOMPARE(panel->catalogView()->item(0, ScenarioPanel::ColDescription)->text(),
             first.description);
    QVERIFY(panel->catalogView()->item(0, 0)->toolTip().contains(first.expectation));
    QVERIFY(panel->selectScenario(QStringLiteral("ping-125")));
    QVERIFY(!panel->selectScenario(QStringLiteral("no-such-scenario")));
}

void TestScenarioPanel::runDisabledWithReason()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{});
    window.show();
    QVERIFY(window.startServer());
    ScenarioPanel *panel = window.scenarioPanel();
    QVERIFY(!panel->runAction()->isEnabled());
    QCOMPARE(panel->runReason(), QStringLiteral("Select a connection"));
    QString error;
    QVERIFY(!panel->runSelected(&error));
    QCOMPARE(error, QStringLiteral("Select a connection"));

    QWebSocket client;
    QVERIFY(openClient(client, window.listeningUrl()));
    const int fd = selectEstablished(window);
    QVERIFY(fd > 0);
    QVERIFY(panel->runAction()->isEnabled());
    std::unique_ptr<QMenu> menu(window.createConnectionMenu());
    QMenu *run = nullptr;
    for (QAction *a : menu->actions())
        if (a->menu() && a->menu()->title() == QStringLiteral("Run scenario"))
            run = a->menu();
    QVERIFY(run);
    QVERIFY(run->isEnabled());

    // Closed: disabled, and the reason names the fd.
    client.abort();
    QTRY_VERIFY_WITH_TIMEOUT(!panel->runAction()->isEnabled(), kTimeoutMs);
    QCOMPARE(panel->runReason(), QStringLiteral("fd %1 is closed").arg(fd));
    QCOMPARE(panel->runAction()->toolTip(), panel->runReason());
    menu.reset(window.createConnectionMenu());
    bool found = false;
    for (QAction *a : menu->actions())
        if (a->menu() && a->menu()->title().startsWith(QStringLiteral("Run scenario ("))) {
            found = true;
            QVERIFY(!a->menu()->isEnabled());
            QVERIFY(a->menu()->title().contains(QStringLiteral("is closed")));
        }
    QVERIFY(found);
}

void TestScenarioPanel::correctClientPasses()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{});
    window.show();
    QVERIFY(window.startServer());
    ScenarioPanel *panel = window.scenarioPanel();
    QWebSocket client;
    QVERIFY(openClient(client, window.listeningUrl()));
    // An unrelated client's frames, so the log filter has something to hide.
    QWebSocket other;
    QVERIFY(openClient(other, window.listeningUrl()));
    QSignalSpy echoed(&other, &QWebSocket::textMessageReceived);
    other.sendTextMessage(QStringLiteral("other"));
    QVERIFY(echoed.wait(kTimeoutMs));

    QTRY_COMPARE_WITH_TIMEOUT(window.connectionModel()->establishedCount(), 2, kTimeoutMs);
    // The first connection (QWebSocket `client`) is row 0.
    window.connectionView()->selectRow(0);
    const int fd = window.connectionModel()->record(0)->fd;
    QVERIFY(panel->selectScenario(QStringLiteral("ping-125")));
    QVERIFY2(panel->runAction()->isEnabled(), qPrintable(panel->runReason()));
    panel->runAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(panel->runsView()->rowCount(), 1, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(verdictOf(panel, 0), QStringLiteral("pass"), kTimeoutMs);
    QCOMPARE(panel->runsView()->item(0, ScenarioPanel::ColFd)->text(), QString::number(fd));
    QCOMPARE(panel->runsView()->item(0, ScenarioPanel::ColScenario)->text(),
             QStringLiteral("ping-125"));
    QVERIFY(!panel->runsView()->item(0, ScenarioPanel::ColExpected)->text().isEmpty());
    QVERIFY(panel->runsView()
                ->item(0, ScenarioPanel::ColObserved)
                ->text()
                .contains(QStringLiteral("pong")));
    // The connection ran a scenario: no second one there.
    QVERIFY(!panel->runAction()->isEnabled());
    QVERIFY(panel->runReason().contains(QString::number(fd)));

    // Selecting the run shows its detail and the frame log shows that connection only.
    window.connectionView()->selectRow(1);
    panel->runsView()->selectRow(0);
    QVERIFY(panel->detailText().contains(QStringLiteral("Verdict: pass")));
    const QModelIndexList selected = window.connectionView()->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().data(ConnectionModel::FdRole).toInt(), fd);
    window.frameLog()->flush();
    QAbstractItemModel *frames = window.frameView()->model();
    QTRY_VERIFY_WITH_TIMEOUT(frames->rowCount() > 0, kTimeoutMs);
    for (int row = 0; row < frames->rowCount(); ++row)
        QCOMPARE(frames->index(row, 0).data(FrameLogModel::FdRole).toInt(), fd);

    // Export: JSON and JUnit, the same reports as GET /report.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString json = dir.filePath(QStringLiteral("report.json"));
    QVERIFY(panel->exportReport(json));
    QFile jf(json);
    QVERIFY(jf.open(QIODevice::ReadOnly));
    const QByteArray jsonData = jf.readAll();
    QCOMPARE(jsonData, ScenarioRunner::reportJson(window.scenarioRunner()->results()));
    QVERIFY(jsonData.contains("ping-125"));
    const QString xml = dir.filePath(QStringLiteral("report.xml"));
    QVERIFY(panel->exportReport(xml));
    QFile xf(xml);
    QVERIFY(xf.open(QIODevice::ReadOnly));
    const QByteArray xmlData = xf.readAll();
    QVERIFY(xmlData.contains("<testsuite"));
    QVERIFY(xmlData.contains("failures=\"0\""));
    QString error;
    QVERIFY(!panel->exportReport(dir.filePath(QStringLiteral("missing/dir/report.json")), &error));
    QVERIFY(error.contains(QStringLiteral("missing/dir")));
}

void TestScenarioPanel::misbehavingClientFails()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{});
    window.show();
    QVERIFY(window.startServer());
    window.scenarioRunner()->setTimeoutOverride(600);
    ScenarioPanel *panel = window.scenarioPanel();

    // A raw client: a correct handshake, then it never answers anything (no pong).
    QTcpSocket raw;
    raw.connectToHost(QHostAddress::LocalHost, window.server()->serverPort());
    QVERIFY(raw.waitForConnected(kTimeoutMs));
    raw.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
              "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
              "Sec-WebSocket-Version: 13\r\n\r\n");
    QByteArray head;
    QTRY_VERIFY_WITH_TIMEOUT((head += raw.readAll()).contains("\r\n\r\n"), kTimeoutMs);
    QVERIFY(head.startsWith("HTTP/1.1 101"));

    const int fd = selectEstablished(window);
    QVERIFY(fd > 0);
    QVERIFY(panel->selectScenario(QStringLiteral("ping-125")));
    QVERIFY(panel->runSelected());
    QTRY_COMPARE_WITH_TIMEOUT(panel->runsView()->rowCount(), 1, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(verdictOf(panel, 0), QStringLiteral("fail"), kTimeoutMs);
    panel->runsView()->selectRow(0);
    QVERIFY(panel->detailText().contains(QStringLiteral("Verdict: fail")));
    QTemporaryDir dir;
    const QString xml = dir.filePath(QStringLiteral("report.xml"));
    QVERIFY(panel->exportReport(xml));
    QFile xf(xml);
    QVERIFY(xf.open(QIODevice::ReadOnly));
    QVERIFY(xf.readAll().contains("failures=\"1\""));
}

void TestScenarioPanel::urlRunShowsInTable()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{});
    window.show();
    QVERIFY(window.startServer());
    ScenarioPanel *panel = window.scenarioPanel();
    QWebSocket client;
    QVERIFY(openClient(client,
                       window.listeningUrl() + QStringLiteral("scenario/ping-125?agent=ui-test")));
    QTRY_COMPARE_WITH_TIMEOUT(panel->runsView()->rowCount(), 1, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(verdictOf(panel, 0), QStringLiteral("pass"), kTimeoutMs);
    const QList<ScenarioResult> results =
        window.scenarioRunner()->results(QStringLiteral("ui-test"));
    QCOMPARE(results.size(), 1);
    QCOMPARE(results.first().verdict, Verdict::Pass);
}

// The catalog's RFC sections are whole in a narrow window: the column fits the longest one
// and is not the stretched last column (the description is, elided, whole in its tooltip).
void TestScenarioPanel::catalogColumnsReadable()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{});
    window.resize(1400, 850);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.rightTabs()->setCurrentWidget(window.scenarioPanel());
    QTableWidget *catalog = window.scenarioPanel()->catalogView();
    // In the tab as it opens, name and RFC section are in view without scrolling.
    QTRY_VERIFY_WITH_TIMEOUT(catalog->viewport()->width() > 0, kTimeoutMs);
    QVERIFY2(catalog->columnViewportPosition(ScenarioPanel::ColRfc) +
                     catalog->columnWidth(ScenarioPanel::ColRfc) <=
                 catalog->viewport()->width(),
             qPrintable(QStringLiteral("RFC column ends at %1, the view is %2 px wide")
                            .arg(catalog->columnViewportPosition(ScenarioPanel::ColRfc) +
                                 catalog->columnWidth(ScenarioPanel::ColRfc))
                            .arg(catalog->viewport()->width())));
    QCOMPARE(catalog->columnCount(), 4);
    QVERIFY(catalog->horizontalHeader()->stretchLastSection());
    QCOMPARE(catalog->horizontalHeader()->logicalIndex(catalog->columnCount() - 1),
             int(ScenarioPanel::ColDescription));
    const QFontMetrics fm(catalog->font());
    int widest = 0;
    for (int row = 0; row < catalog->rowCount(); ++row) {
        for (int col : {int(ScenarioPanel::ColName), int(ScenarioPanel::ColRfc)}) {
            const QString text = catalog->item(row, col)->text();
            widest = qMax(widest, fm.horizontalAdvance(text));
            QVERIFY2(fm.horizontalAdvance(text) + 6 <= catalog->columnWidth(col),
                     qPrintable(QStringLiteral("%1: %2 px in a %3 px column")
                                    .arg(text)
                                    .arg(fm.horizontalAdvance(text))
                                    .arg(catalog->columnWidth(col))));
        }
        const Scenario &s = scenarioCatalog()[size_t(row)];
        QTableWidgetItem *description = catalog->item(row, ScenarioPanel::ColDescription);
        QCOMPARE(description->text(), s.description);
        QVERIFY(description->toolTip().contains(s.description));
        QVERIFY(catalog->item(row, ScenarioPanel::ColRfc)->toolTip().contains(s.rfc));
    }
    QVERIFY(widest > 0);
    // The longest RFC section is in the list, so the check above measured a real one.
    QVERIFY(findScenario(QStringLiteral("invalid-utf8-close-reason")));
}

// In the frame log, a scenario's valid raw frames are ordinary rows; a frame that breaks a
// rule (a masked server frame) is marked, with the rule.
void TestScenarioPanel::rawFramesMarkedOnlyWhenInvalid()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{});
    window.show();
    QVERIFY(window.startServer());
    window.scenarioRunner()->setTimeoutOverride(600);
    const QString agent = QStringLiteral("ui-raw");
    QWebSocket valid;
    QVERIFY(openClient(valid, window.listeningUrl() +
                                  QStringLiteral("scenario/fragmented-text?agent=ui-raw")));
    QWebSocket masked;
    QVERIFY(openClient(masked, window.listeningUrl() +
                                   QStringLiteral("scenario/masked-server-frame?agent=ui-raw")));
    QTRY_COMPARE_WITH_TIMEOUT(window.scenarioRunner()->results(agent).size(), 2, kTimeoutMs);
    int validFd = 0;
    int maskedFd = 0;
    for (const ScenarioResult &r : window.scenarioRunner()->results(agent))
        (r.name == QStringLiteral("fragmented-text") ? validFd : maskedFd) = r.fd;
    FrameLogModel *log = window.frameLog();
    int validRows = 0;
    int maskedRows = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            log->flush();
            validRows = maskedRows = 0;
            for (int row = 0; row < log->rowCount(); ++row) {
                const QModelIndex preview = log->index(row, FrameLogModel::ColPreview);
                if (!preview.data().toString().contains(QStringLiteral("raw frame (scenario)")))
                    continue;
                const int fd = preview.data(FrameLogModel::FdRole).toInt();
                const bool error = preview.data(FrameLogModel::IsErrorRole).toBool();
                if (fd == validFd && !error)
                    ++validRows;
                if (fd == maskedFd && error &&
                    preview.data().toString().contains(QStringLiteral("must not mask")))
                    ++maskedRows;
                if (fd == validFd && error)
                    return false;
            }
            return validRows == 3 && maskedRows == 1;
        }(),
        kTimeoutMs);
}

QTEST_MAIN(TestScenarioPanel)
#include "tst_scenariopanel.moc"
