// The window in each shipped language, end to end: the language comes from the environment
// (LANGUAGE=de or LANGUAGE=zh_CN, set by CMake, which also names the expected catalogue in
// FRAMESCOPE_I18N_LANG) through QLocale::system() as in the app, the catalogue from the
// embedded resource, and the texts checked are the ones a user sees, including rows that
// only exist once a real client has connected. One executable, one ctest entry per language.
#include "closeinspector.h"
#include "connectionmodel.h"
#include "framelogmodel.h"
#include "mainwindow.h"
#include "sendpanel.h"
#include "translations.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QWebSocket>
#include <QtTest>

using namespace framescope;

namespace {

// What the user sees, per language. The English source of each text is in the comment.
struct WindowTexts
{
    QString language;          // what installTranslators() reports
    QString uiLanguagePrefix;  // QLocale::system().uiLanguages().first() starts with this
    QString connectionsTitle;  // "<b>Connections</b>"
    QString send;              // "Send"
    QString broadcast;         // "Broadcast to all"
    QString disconnect;        // "Disconnect"
    QString closeInspectorTab; // "Close inspector"
    QString connectionTab;     // "Connection"
    QString noCloseYet;        // "No connection has closed yet."
    QString peerHeader;        // "Peer"
    QString previewHeader;     // "Preview"
    QString openEvent;         // "OPEN"
    QString fromPeer;          // " from 127.0.0.1:" in "%1 %2 from %3:%4"
    QString in;                // "in"
    QString out;               // "out"
    QString noCompression;     // "none"
    QString policyViolation;   // close code 1008's meaning
    QString initiatedBy;       // "Initiated by"
    QString reasonShown;       // "“%1” (%2 bytes)" for the reason "tschüss"
};

const QList<WindowTexts> &shippedLanguages()
{
    static const QList<WindowTexts> languages{
        {QStringLiteral("de"), QStringLiteral("de"), QStringLiteral("<b>Verbindungen</b>"),
         QStringLiteral("Senden"), QStringLiteral("Broadcast an alle"), QStringLiteral("Trennen"),
         QStringLiteral("Close-Inspektor"), QStringLiteral("Verbindung"),
         QStringLiteral("Bisher wurde keine Verbindung geschlossen."),
         QStringLiteral("Gegenstelle"), QStringLiteral("Vorschau"), QStringLiteral("GEÖFFNET"),
         QStringLiteral(" von 127.0.0.1:"), QStringLiteral("ein"), QStringLiteral("aus"),
         QStringLiteral("keine"), QStringLiteral("Richtlinienverstoß"),
         QStringLiteral("Ausgelöst von"), QStringLiteral("„tschüss“ (8 Bytes)")},
        {QStringLiteral("zh_CN"), QStringLiteral("zh"), QStringLiteral("<b>连接</b>"),
         QStringLiteral("发送"), QStringLiteral("广播给所有连接"), QStringLiteral("断开连接"),
         QStringLiteral("关闭检查器"), QStringLiteral("连接"), QStringLiteral("还没有连接关闭。"),
         QStringLiteral("对端"), QStringLiteral("预览"), QStringLiteral("已打开"),
         QStringLiteral(" 来自 127.0.0.1:"), QStringLiteral("收"), QStringLiteral("发"),
         QStringLiteral("无"), QStringLiteral("违反策略"), QStringLiteral("发起方"),
         QStringLiteral("“tschüss”（8 字节）")},
    };
    return languages;
}

} // namespace

class TestI18nWindow final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void windowIsTranslated();
    void headerLabelsFit();
    void liveRowsAreTranslated();

private:
    WindowTexts m_texts;
};

void TestI18nWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FramescopeTest"));
    const QString wanted = qEnvironmentVariable("FRAMESCOPE_I18N_LANG");
    QVERIFY2(!wanted.isEmpty(), "FRAMESCOPE_I18N_LANG names the language under test");
    bool found = false;
    for (const WindowTexts &texts : shippedLanguages()) {
        if (texts.language == wanted) {
            m_texts = texts;
            found = true;
        }
    }
    QVERIFY2(found, qPrintable(QStringLiteral("no expected texts for %1").arg(wanted)));
    const QStringList ui = QLocale::system().uiLanguages();
    QVERIFY2(ui.constFirst().startsWith(m_texts.uiLanguagePrefix), qPrintable(ui.join(',')));
    QCOMPARE(installTranslators(QCoreApplication::instance(), QLocale::system()), m_texts.language);
}

void TestI18nWindow::windowIsTranslated()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Echo);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QStringList labels;
    for (const QLabel *label : window.findChildren<QLabel *>())
        labels << label->text();
    QVERIFY2(labels.contains(m_texts.connectionsTitle), qPrintable(labels.join('|')));
    QVERIFY(!labels.contains(QStringLiteral("<b>Connections</b>")));

    QCOMPARE(window.sendPanel()->sendButton()->text(), m_texts.send);
    QCOMPARE(window.sendPanel()->broadcastButton()->text(), m_texts.broadcast);
    QCOMPARE(window.sendPanel()->disconnectButton()->text(), m_texts.disconnect);

    QStringList tabs;
    for (const QTabWidget *tabWidget : window.findChildren<QTabWidget *>()) {
        for (int i = 0; i < tabWidget->count(); ++i)
            tabs << tabWidget->tabText(i);
    }
    QVERIFY2(tabs.contains(m_texts.closeInspectorTab), qPrintable(tabs.join('|')));
    QVERIFY(tabs.contains(m_texts.connectionTab));

    QVERIFY2(window.closeInspector()->detailsText().startsWith(m_texts.noCloseYet),
             qPrintable(window.closeInspector()->detailsText()));
    QCOMPARE(window.connectionModel()->headerData(ConnectionModel::ColPeer, Qt::Horizontal,
                                                  Qt::DisplayRole),
             QVariant(m_texts.peerHeader));
    QCOMPARE(
        window.frameLog()->headerData(FrameLogModel::ColPreview, Qt::Horizontal, Qt::DisplayRole),
        QVariant(m_texts.previewHeader));
}

void TestI18nWindow::headerLabelsFit()
{
    // The default column widths come from English or digit samples; a translated header
    // label must still be readable, not elided ("方向" in a column sized for "out").
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Echo);
    window.resize(1600, 1000);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QStringList squeezed;
    int checked = 0;
    for (const QHeaderView *header : window.findChildren<QHeaderView *>()) {
        if (header->orientation() != Qt::Horizontal || header->isHidden())
            continue;
        const QAbstractItemModel *model = header->model();
        for (int i = 0; i < header->count(); ++i) {
            if (header->isSectionHidden(i) ||
                (i == header->count() - 1 && header->stretchLastSection()))
                continue;
            ++checked;
            if (header->sectionSize(i) < header->sectionSizeHint(i))
                squeezed << QStringLiteral("“%1”: %2 px, needs %3 px")
                                .arg(model->headerData(i, Qt::Horizontal).toString())
                                .arg(header->sectionSize(i))
                                .arg(header->sectionSizeHint(i));
        }
    }
    QVERIFY(checked >= 20); // the connection table, the frame log and the close list
    QVERIFY2(squeezed.isEmpty(), qPrintable(squeezed.join('\n')));
}

void TestI18nWindow::liveRowsAreTranslated()
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
             m_texts.openEvent);
    const QString openPreview =
        log->data(log->index(0, FrameLogModel::ColPreview), Qt::DisplayRole).toString();
    QVERIFY2(openPreview.contains(m_texts.fromPeer), qPrintable(openPreview));

    client.sendTextMessage(QStringLiteral("hallo"));
    QTRY_VERIFY_WITH_TIMEOUT(log->rowCount() >= 3, 10000);
    QCOMPARE(log->data(log->index(1, FrameLogModel::ColDirection), Qt::DisplayRole).toString(),
             m_texts.in);
    QCOMPARE(log->data(log->index(2, FrameLogModel::ColDirection), Qt::DisplayRole).toString(),
             m_texts.out);
    ConnectionModel *connections = window.connectionModel();
    QCOMPARE(
        connections->data(connections->index(0, ConnectionModel::ColCompression), Qt::DisplayRole)
            .toString(),
        m_texts.noCompression);

    const int fd = connections->record(0)->fd;
    client.close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("tschüss"));
    CloseInspector *inspector = window.closeInspector();
    const auto shows = [inspector, fd](const QString &text) {
        inspector->showFd(fd);
        return inspector->detailsText().contains(text);
    };
    // The close code's meaning comes from core in English and is translated in ui.
    QTRY_VERIFY_WITH_TIMEOUT(shows(m_texts.policyViolation), 10000);
    QVERIFY2(inspector->detailsText().contains(m_texts.initiatedBy),
             qPrintable(inspector->detailsText()));
    QVERIFY2(inspector->detailsText().contains(m_texts.reasonShown),
             qPrintable(inspector->detailsText()));
}

QTEST_MAIN(TestI18nWindow)
#include "tst_i18nwindow.moc"
