// Development tool, not a test: opens the inspector window, drives it with a traffic
// script, selects something worth seeing and saves QWidget::grab() as a PNG. Also measures
// the GUI event-loop latency while a flood client runs (--flood).
//
//   uishot --out shot.png [--script traffic.py] [--select-fd N] [--tab payload|connection|close]
//   uishot --flood "node flood.js PORT" --seconds 10
#include "closeinspector.h"
#include "connectionmodel.h"
#include "framefilterproxy.h"
#include "framelogmodel.h"
#include "mainwindow.h"
#include "payloadviewer.h"
#include "sendpanel.h"
#include "settingsdialog.h"
#include "translations.h"

#include "server/websocketserver.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QItemSelectionModel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProcess>
#include <QTabWidget>
#include <QTableView>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <sstream>

using namespace framescope;

namespace {
// Busy, idle and steal jiffies of all CPUs (/proc/stat), to tell a slow GUI from a
// starved virtual machine (PERF-NOTES.md: steal up to 40%).
struct CpuTimes
{
    long long busy = 0, total = 0, steal = 0;
};
CpuTimes readCpuTimes()
{
    std::ifstream stat("/proc/stat");
    std::string line;
    std::getline(stat, line);
    std::istringstream in(line);
    std::string cpu;
    long long v[8] = {};
    in >> cpu;
    for (long long &x : v)
        in >> x;
    CpuTimes t;
    t.steal = v[7];
    t.total = v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7];
    t.busy = t.total - v[3] - v[4];
    return t;
}
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("FramescopeShot"));
    // Same language choice as the app: LANG=de_DE.UTF-8 (or LANGUAGE=de) shoots German.
    installTranslators(&app, QLocale::system());
    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption out(QStringLiteral("out"), QStringLiteral("PNG to write"),
                           QStringLiteral("file"));
    QCommandLineOption script(QStringLiteral("script"),
                              QStringLiteral("traffic command; PORT is replaced"),
                              QStringLiteral("cmd"));
    QCommandLineOption selectFd(QStringLiteral("select-fd"), QStringLiteral("connection to select"),
                                QStringLiteral("fd"));
    QCommandLineOption selectText(
        QStringLiteral("select-frame"),
        QStringLiteral("select the last frame whose preview contains this"),
        QStringLiteral("text"));
    QCommandLineOption tab(QStringLiteral("tab"),
                           QStringLiteral("right tab: 0 payload, 1 connection, 2 close"),
                           QStringLiteral("n"));
    QCommandLineOption payloadTab(QStringLiteral("payload-tab"),
                                  QStringLiteral("payload viewer tab index"), QStringLiteral("n"));
    QCommandLineOption flood(QStringLiteral("flood"),
                             QStringLiteral("flood command; PORT is replaced"),
                             QStringLiteral("cmd"));
    QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("flood duration"),
                               QStringLiteral("s"), QStringLiteral("10"));
    QCommandLineOption size(QStringLiteral("size"), QStringLiteral("window size WxH"),
                            QStringLiteral("WxH"), QStringLiteral("1560x940"));
    QCommandLineOption after(
        QStringLiteral("after"),
        QStringLiteral("take the shot after this many ms even if the script still runs"),
        QStringLiteral("ms"), QStringLiteral("30000"));
    QCommandLineOption selectRow(QStringLiteral("select-row"),
                                 QStringLiteral("select this row of the frame log"),
                                 QStringLiteral("row"));
    QCommandLineOption settingsShot(
        QStringLiteral("settings-shot"),
        QStringLiteral("grab the settings dialog into this PNG and exit"), QStringLiteral("file"));
    QCommandLineOption sendText(QStringLiteral("send-text"),
                                QStringLiteral("text to put in the send panel"),
                                QStringLiteral("text"));
    parser.addOptions({settingsShot, selectRow, after, out, script, selectFd, selectText, tab,
                       payloadTab, flood, seconds, size, sendText});
    parser.process(app);

    if (parser.isSet(settingsShot)) {
        SettingsDialog dialog(ServerOptions{}, FrameLogModel::DefaultCapacity);
        dialog.show();
        QEventLoop paint;
        QTimer::singleShot(300, &paint, &QEventLoop::quit);
        paint.exec();
        return dialog.grab().save(parser.value(settingsShot)) ? 0 : 2;
    }
    ServerOptions options;
    options.websocket_compression = true;
    options.websocket_subprotocol = QStringLiteral("chat");
    MainWindow window(QStringLiteral("127.0.0.1"), 0, options, MainWindow::MessageMode::Echo);
    const QStringList wh = parser.value(size).split(QLatin1Char('x'));
    window.resize(wh.value(0).toInt(), wh.value(1).toInt());
    window.show();
    if (!window.startServer())
        return 1;
    const QString port = QString::number(window.server()->serverPort());
    QTextStream err(stderr);

    if (parser.isSet(flood)) {
        // Event-loop latency probe: a 10 ms timer; lateness = how long the loop was busy.
        QVector<qint64> lateUs;
        QElapsedTimer clock;
        clock.start();
        qint64 expected = 10000;
        QTimer probe;
        probe.setTimerType(Qt::PreciseTimer);
        probe.setInterval(10);
        QObject::connect(&probe, &QTimer::timeout, [&] {
            const qint64 now = clock.nsecsElapsed() / 1000;
            lateUs.push_back(std::max<qint64>(0, now - expected));
            if (now - expected > 100000)
                QTextStream(stderr)
                    << "stall " << (now - expected) / 1000 << " ms at " << now / 1000 << " ms\n";
            expected = now + 10000;
        });
        qint64 framesSeen = 0;
        QObject::connect(window.server(), &WebSocketServer::events, [&](const EventBatchPtr &b) {
            for (const EventRecord &r : *b)
                framesSeen += r.kind == EventRecord::Kind::Frame ? 1 : 0;
        });
        QProcess client;
        client.setProcessChannelMode(QProcess::ForwardedChannels);
        QString command = parser.value(flood);
        command.replace(QStringLiteral("PORT"), port);
        client.startCommand(command);
        probe.start();
        const qint64 startUs = clock.nsecsElapsed() / 1000;
        const auto threadCpuUs = [] {
            timespec ts{};
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
            return qint64(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
        };
        const qint64 cpuStartUs = threadCpuUs();
        const CpuTimes machineStart = readCpuTimes();
        // Cost of one flush (removal + insert + proxy + view), in GUI-thread CPU time.
        qint64 flushStartCpu = -1;
        QVector<qint64> flushCpuUs;
        const auto markStart = [&] {
            if (flushStartCpu < 0)
                flushStartCpu = threadCpuUs();
        };
        QObject::connect(window.frameLog(), &QAbstractItemModel::rowsAboutToBeRemoved, markStart);
        QObject::connect(window.frameLog(), &QAbstractItemModel::rowsAboutToBeInserted, markStart);
        QObject::connect(window.frameLog(), &FrameLogModel::flushed, [&](int) {
            if (flushStartCpu >= 0)
                flushCpuUs.push_back(threadCpuUs() - flushStartCpu);
            flushStartCpu = -1;
        });
        QTimer::singleShot(parser.value(seconds).toInt() * 1000, &app, [&] {
            if (parser.isSet(out)) // the window as it looks in the flood
                window.grab().save(parser.value(out));
            app.quit();
        });
        app.exec();
        const double elapsed = double(clock.nsecsElapsed() / 1000 - startUs) / 1e6;
        const double guiCpu = double(threadCpuUs() - cpuStartUs) / 1e6;
        const CpuTimes machineEnd = readCpuTimes();
        const double totalJiffies = double(std::max(1LL, machineEnd.total - machineStart.total));
        client.kill();
        client.waitForFinished(3000);
        std::sort(lateUs.begin(), lateUs.end());
        const auto pct = [&lateUs](double p) {
            return lateUs.isEmpty() ? 0
                                    : lateUs[qMin(lateUs.size() - 1, qsizetype(p * lateUs.size()))];
        };
        err << "frames observed: " << framesSeen << " in " << elapsed
            << " s = " << qint64(framesSeen / elapsed) << " frames/s (in+out)\n"
            << "log rows: " << window.frameLog()->rowCount()
            << " dropped from view: " << window.frameLog()->evictedRows()
            << " server dropped: " << window.frameLog()->serverDropped() << "\n"
            << "event-loop latency (10 ms probe, " << lateUs.size() << " samples): p50 "
            << pct(0.5) / 1000.0 << " ms, p99 " << pct(0.99) / 1000.0 << " ms, max "
            << (lateUs.isEmpty() ? 0 : lateUs.last()) / 1000.0 << " ms\n"
            << "GUI thread CPU: " << guiCpu << " s of " << elapsed << " s ("
            << qint64(100 * guiCpu / elapsed) << "%), "
            << (framesSeen ? qint64(guiCpu * 1e9 / double(framesSeen)) : 0)
            << " ns per frame record\n";
        err << "machine: busy "
            << qint64(100 * (machineEnd.busy - machineStart.busy) / totalJiffies) << "%, steal "
            << qint64(100 * (machineEnd.steal - machineStart.steal) / totalJiffies) << "%\n";
        std::sort(flushCpuUs.begin(), flushCpuUs.end());
        if (!flushCpuUs.isEmpty())
            err << "flushes: " << flushCpuUs.size() << ", CPU per flush p50 "
                << flushCpuUs[flushCpuUs.size() / 2] / 1000.0 << " ms, max "
                << flushCpuUs.last() / 1000.0 << " ms\n";
        return 0;
    }

    QProcess traffic;
    if (parser.isSet(script)) {
        traffic.setProcessChannelMode(QProcess::ForwardedChannels);
        QString command = parser.value(script);
        command.replace(QStringLiteral("PORT"), port);
        traffic.startCommand(command);
        QEventLoop loop;
        QObject::connect(&traffic, &QProcess::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(parser.value(after).toInt(), &loop, &QEventLoop::quit);
        loop.exec();
    }
    // Let the last batches land.
    QEventLoop settle;
    QTimer::singleShot(600, &settle, &QEventLoop::quit);
    settle.exec();

    if (parser.isSet(selectFd)) {
        const int fd = parser.value(selectFd).toInt();
        const int row = window.connectionModel()->rowForFd(fd);
        window.connectionView()->selectionModel()->select(window.connectionModel()->index(row, 0),
                                                          QItemSelectionModel::ClearAndSelect |
                                                              QItemSelectionModel::Rows);
    }
    if (parser.isSet(selectText)) {
        QAbstractItemModel *m = window.frameView()->model();
        for (int r = m->rowCount() - 1; r >= 0; --r) {
            if (m->index(r, FrameLogModel::ColPreview)
                    .data()
                    .toString()
                    .contains(parser.value(selectText))) {
                window.frameView()->setCurrentIndex(m->index(r, FrameLogModel::ColPreview));
                window.frameView()->scrollTo(m->index(r, 0));
                break;
            }
        }
    }
    if (parser.isSet(selectRow)) {
        QAbstractItemModel *m = window.frameView()->model();
        const QModelIndex index =
            m->index(parser.value(selectRow).toInt(), FrameLogModel::ColPreview);
        window.frameView()->setCurrentIndex(index);
        window.frameView()->scrollTo(index);
    }
    if (parser.isSet(tab))
        window.findChild<QTabWidget *>()->setCurrentIndex(parser.value(tab).toInt());
    if (parser.isSet(payloadTab)) {
        for (QTabWidget *t : window.findChildren<QTabWidget *>()) {
            if (t->parent() && qobject_cast<PayloadViewer *>(t->parent()))
                t->setCurrentIndex(parser.value(payloadTab).toInt());
        }
    }
    if (parser.isSet(sendText))
        window.sendPanel()->payloadEdit()->setPlainText(parser.value(sendText));
    QEventLoop paint;
    QTimer::singleShot(300, &paint, &QEventLoop::quit);
    paint.exec();
    const QString file =
        parser.value(out).isEmpty() ? QStringLiteral("shot.png") : parser.value(out);
    const bool saved = window.grab().save(file);
    traffic.kill();
    traffic.waitForFinished(3000);
    if (!saved)
        return 2;
    err << "saved " << file << "\n";
    return 0;
}
