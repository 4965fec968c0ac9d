// MainWindow: driving the server from the window (message mode, handshake control). The
// handlers are installed once, before the first start(): they read ServerControl, which
// the GUI thread changes at any time.
#include "mainwindow.h"

#include "handshakepanel.h"
#include "servercontrol.h"

#include "server/scenarios.h"
#include "server/websocketserver.h"

#include <QActionGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QScrollArea>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>

namespace framescope {

static_assert(int(MainWindow::MessageMode::Echo) == int(ServerControl::Mode::Echo) &&
              int(MainWindow::MessageMode::Silent) == int(ServerControl::Mode::Silent) &&
              int(MainWindow::MessageMode::Broadcast) == int(ServerControl::Mode::Broadcast));

void MainWindow::installHandlers(MessageMode mode)
{
    m_control = new ServerControl(this);
    m_control->setMode(ServerControl::Mode(int(mode)));
    // Provoke scenarios, as in the headless mode: ws://HOST:PORT/scenario/NAME?agent=ID runs
    // NAME on that connection, and a scenario's connection is not echoed (the scenario
    // judges the client's echoes). A rejection armed in the window refuses the handshake in
    // beforeHandshakeResponse, after a handshake scenario had its say.
    ScenarioRunner *scenarios = m_scenarios;
    ServerControl *control = m_control;
    m_server->onHandshakeFault(&ScenarioRunner::handshakeFault);
    m_server->onBeforeHandshakeResponse(
        [control](const HttpRequest &request, HttpResponse &response) {
            control->beforeHandshakeResponse(request, response);
        });
    m_server->onOpen(
        [scenarios](WebSocketServer &, const HttpRequest &request) { scenarios->claim(request); });
    // The application's message handler runs in the worker thread, like a Swoole callback.
    m_server->onMessage([scenarios, control](WebSocketServer &server, const Frame &frame) {
        if (!scenarios->onMessage(frame))
            control->onMessage(server, frame);
    });
}

void MainWindow::setMessageMode(MessageMode mode)
{
    m_control->setMode(ServerControl::Mode(int(mode)));
}

MainWindow::MessageMode MainWindow::messageMode() const
{
    return MessageMode(int(m_control->mode()));
}

void MainWindow::addModeSwitch(QToolBar *bar)
{
    auto *box = new QWidget(bar);
    auto *layout = new QHBoxLayout(box);
    layout->setContentsMargins(6, 0, 2, 0);
    layout->addWidget(new QLabel(tr("Mode"), box));
    m_modeCombo = new QComboBox(box);
    m_modeCombo->setObjectName(QStringLiteral("modeCombo"));
    const struct
    {
        ServerControl::Mode mode;
        QString tip;
    } modes[] = {
        {ServerControl::Mode::Echo, tr("Every message goes back to its sender")},
        {ServerControl::Mode::Silent, tr("Messages are received and logged, nothing is sent")},
        {ServerControl::Mode::Broadcast,
         tr("Every message is relayed to every other established connection")},
    };
    for (const auto &m : modes) {
        m_modeCombo->addItem(modeName(m.mode), int(m.mode));
        m_modeCombo->setItemData(m_modeCombo->count() - 1, m.tip, Qt::ToolTipRole);
    }
    m_modeCombo->setToolTip(tr("What the server does with a client's message; applies to the "
                               "next message, no restart"));
    m_modeCombo->setCurrentIndex(m_modeCombo->findData(int(m_control->mode())));
    layout->addWidget(m_modeCombo);
    bar->addWidget(box);
    connect(m_modeCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_control->setMode(ServerControl::Mode(m_modeCombo->currentData().toInt()));
    });
    connect(m_control, &ServerControl::modeChanged, this, [this](ServerControl::Mode mode) {
        m_modeCombo->setCurrentIndex(m_modeCombo->findData(int(mode)));
        statusBar()->showMessage(tr("Mode: %1 (from the next message on)").arg(modeName(mode)),
                                 5000);
    });
}

void MainWindow::addHandshakeTab()
{
    m_handshakePanel = new HandshakePanel(m_control);
    m_handshakePanel->setConfiguredSubprotocol(m_options.websocket_subprotocol);
    // Scrolls when the pane is short (1280x720) instead of squeezing the controls.
    auto *scroll = new QScrollArea(m_lowerTabs);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(m_handshakePanel);
    m_lowerTabs->addTab(scroll, tr("Handshake"));
    connect(m_handshakePanel, &HandshakePanel::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 5000); });
    // The tab's title says when handshakes are being rejected.
    auto updateTitle = [this, scroll] {
        const int remaining = m_control->rejectRemaining();
        const int index = m_lowerTabs->indexOf(scroll);
        m_lowerTabs->setTabText(index, remaining == 0 ? tr("Handshake")
                                       : remaining == ServerControl::UntilCleared
                                           ? tr("Handshake (rejecting)")
                                           : tr("Handshake (rejecting %1)").arg(remaining));
        m_lowerTabs->setTabToolTip(index, m_handshakePanel->rejectStateText());
    };
    connect(m_control, &ServerControl::rejectionChanged, this, updateTitle);
    updateTitle();
}

void MainWindow::addServerControlMenu(QMenu *serverMenu)
{
    serverMenu->addSeparator();
    QMenu *modeMenu = serverMenu->addMenu(tr("Mode"));
    auto *group = new QActionGroup(modeMenu);
    for (int i = 0; i < m_modeCombo->count(); ++i) {
        QAction *a = modeMenu->addAction(m_modeCombo->itemText(i));
        a->setCheckable(true);
        a->setChecked(i == m_modeCombo->currentIndex());
        group->addAction(a);
        connect(a, &QAction::triggered, m_modeCombo,
                [this, i] { m_modeCombo->setCurrentIndex(i); });
        connect(m_modeCombo, &QComboBox::currentIndexChanged, a,
                [a, i](int current) { a->setChecked(i == current); });
    }
    serverMenu->addAction(tr("Handshake control"), this, [this] {
        m_lowerTabs->setCurrentWidget(m_handshakePanel->parentWidget()->parentWidget());
    });
}

} // namespace framescope
