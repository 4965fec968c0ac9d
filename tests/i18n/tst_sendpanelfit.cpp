// Issue 14: every button of the send panel is whole on screen, in every shipped language
// and at both window sizes the project supports (1600x1000, 1280x720). German cut off the
// History button ("Ver…") at the window's right edge. The language is switched in-process
// with installTranslators() before each window is built, as the app does at start-up.
//
// "On screen" means: the button's rectangle, clipped by every widget it sits in (the
// send tab's scroll area, the splitters, the window), is the whole button, once the scroll
// area has scrolled it into view (the panel scrolls vertically on a short screen, never
// sideways); and it has at least its size hint, so its text is not cut. Checked as the
// window opens (a connection selected), while composing a fragmented message (the longer
// Send text), and with the right-hand pane dragged to its narrowest.
#include "connectionmodel.h"
#include "mainwindow.h"
#include "sendpanel.h"
#include "translations.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QWebSocket>
#include <QtTest>

#include "ui/uitestutil.h"

using namespace framescope;

namespace {

// The part of `widget` that is not clipped by its ancestors, in `window` coordinates.
QRect visibleInWindow(const QWidget *widget, const QWidget *window)
{
    QRect visible(widget->mapTo(window, QPoint(0, 0)), widget->size());
    for (const QWidget *w = widget->parentWidget(); w; w = w->parentWidget()) {
        const QRect area =
            w == window ? window->rect() : QRect(w->mapTo(window, QPoint(0, 0)), w->size());
        visible &= area;
        if (w == window)
            break;
    }
    return visible;
}

// One line per button that is cut off, clipped or smaller than its text needs.
QStringList cutButtons(MainWindow &window)
{
    auto *scroll = window.findChild<QScrollArea *>(QStringLiteral("sendScroll"));
    QStringList problems;
    if (!scroll)
        return {QStringLiteral("no send scroll area")};
    // Not cut sideways, not even its margins and group frames (the scroll area only
    // scrolls vertically).
    if (scroll->widget()->width() > scroll->viewport()->width())
        problems << QStringLiteral("the panel is %1 px wide, its scroll area shows %2 px")
                        .arg(scroll->widget()->width())
                        .arg(scroll->viewport()->width());
    const auto buttons = window.sendPanel()->findChildren<QAbstractButton *>();
    int checked = 0;
    for (QAbstractButton *button : buttons) {
        if (!button->isVisibleTo(&window))
            continue;
        ++checked;
        // Scrolled into view vertically only: the panel never scrolls sideways.
        const int y = button->mapTo(scroll->widget(), QPoint(0, 0)).y();
        QScrollBar *bar = scroll->verticalScrollBar();
        if (y < bar->value() || y + button->height() > bar->value() + scroll->viewport()->height())
            bar->setValue(y + button->height() / 2 - scroll->viewport()->height() / 2);
        scroll->horizontalScrollBar()->setValue(0);
        QApplication::processEvents();
        const QRect whole(button->mapTo(&window, QPoint(0, 0)), button->size());
        const QRect visible = visibleInWindow(button, &window);
        const QSize hint = button->sizeHint();
        if (visible != whole || !window.rect().contains(whole))
            problems << QStringLiteral("“%1”: at %2,%3 %4x%5, visible %6,%7 %8x%9 (window %10x%11)")
                            .arg(button->text())
                            .arg(whole.x())
                            .arg(whole.y())
                            .arg(whole.width())
                            .arg(whole.height())
                            .arg(visible.x())
                            .arg(visible.y())
                            .arg(visible.width())
                            .arg(visible.height())
                            .arg(window.width())
                            .arg(window.height());
        else if (auto *tool = qobject_cast<QToolButton *>(button);
                 tool && tool->menu() && tool->popupMode() != QToolButton::MenuButtonPopup)
            // Its size hint has no room for the menu arrow, drawn over the text ("Verlau▾").
            problems << QStringLiteral("“%1”: a tool button's menu arrow covers its text")
                            .arg(button->text());
        else if (button->width() < hint.width() || button->height() < hint.height())
            problems << QStringLiteral("“%1”: %2x%3, its text needs %4x%5")
                            .arg(button->text())
                            .arg(button->width())
                            .arg(button->height())
                            .arg(hint.width())
                            .arg(hint.height());
    }
    if (checked < 9) // Send, Broadcast, File…, History, FIN, COMPRESS, Ping, Disconnect, Drop TCP
        problems << QStringLiteral("only %1 buttons shown").arg(checked);
    return problems;
}

} // namespace

class TestSendPanelFit final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { uitest::isolateSettings(); }
    void cleanup() { installTranslators(QCoreApplication::instance(), QLocale(QLocale::English)); }
    void buttonsWhole_data();
    void buttonsWhole();
};

void TestSendPanelFit::buttonsWhole_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QSize>("size");
    for (const char *language : {"en", "de", "zh_CN"}) {
        for (const QSize size : {QSize(1600, 1000), QSize(1280, 720)})
            QTest::addRow("%s %dx%d", language, size.width(), size.height())
                << QString::fromLatin1(language) << size;
    }
}

void TestSendPanelFit::buttonsWhole()
{
    QFETCH(QString, language);
    QFETCH(QSize, size);
    QSettings().clear(); // a first start: default splitter positions and columns
    const QString installed = installTranslators(QCoreApplication::instance(), QLocale(language));
    QCOMPARE(installed, language == QLatin1String("en") ? QString() : language);

    ServerOptions options;
    options.websocket_compression = true; // COMPRESS enabled, as for a browser
    MainWindow window(QStringLiteral("127.0.0.1"), 0, options, MainWindow::MessageMode::Echo);
    window.resize(size);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.size(), size); // the window's minimum fits the screen size
    if (language == QLatin1String("de"))
        QCOMPARE(window.sendPanel()->historyButton()->text(), QStringLiteral("Verlauf"));

    // A selected connection: the panel as it is used, not its "no target" state.
    QVERIFY(window.startServer());
    QWebSocket client;
    QVERIFY(uitest::openClient(client, window.listeningUrl()));
    QTRY_VERIFY_WITH_TIMEOUT(window.connectionModel()->rowCount() == 1 &&
                                 window.connectionModel()->record(0)->websocket,
                             uitest::kTimeoutMs);
    window.connectionView()->selectRow(0);
    QTRY_VERIFY_WITH_TIMEOUT(window.sendPanel()->sendButton()->isEnabled(), uitest::kTimeoutMs);
    QApplication::processEvents();
    QStringList problems = cutButtons(window);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));

    // Composing a fragmented message (FIN off): the longer Send text fits as well.
    window.sendPanel()->finCheck()->setChecked(false);
    window.sendPanel()->payloadEdit()->setPlainText(QStringLiteral("part"));
    QApplication::processEvents();
    problems = cutButtons(window);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));

    // The right-hand pane dragged as narrow as the splitter lets it be.
    auto *split = window.findChild<QSplitter *>(QStringLiteral("mainSplit"));
    QVERIFY(split && split->count() == 2);
    const int narrowest = split->widget(1)->minimumWidth();
    QVERIFY(narrowest > 0);
    split->setSizes({split->width() - narrowest, narrowest});
    QApplication::processEvents();
    QCOMPARE(split->widget(1)->width(), narrowest);
    problems = cutButtons(window);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
}

QTEST_MAIN(TestSendPanelFit)
#include "tst_sendpanelfit.moc"
