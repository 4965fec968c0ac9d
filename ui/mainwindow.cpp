#include "mainwindow.h"

#include "closeinspector.h"
#include "closetracker.h"
#include "columnfit.h"
#include "connectionmodel.h"
#include "formatting.h"
#include "framefilterproxy.h"
#include "framelogmodel.h"
#include "handshakepanel.h"
#include "headerfit.h"
#include "jsonlog.h"
#include "payloadviewer.h"
#include "scenariopanel.h"
#include "sendpanel.h"
#include "serversettings.h"
#include "settingsdialog.h"

#include "protocol/frame.h"
#include "server/scenarios.h"
#include "server/websocketserver.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace framescope {

namespace {

QHostAddress parseHost(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty() || t == QLatin1String("localhost"))
        return QHostAddress(QHostAddress::LocalHost);
    if (t == QLatin1String("*"))
        return QHostAddress(QHostAddress::Any);
    return QHostAddress(t);
}

QString urlHost(const QHostAddress &address)
{
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4)
        return QStringLiteral("0.0.0.0");
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return QStringLiteral("[%1]").arg(address.toString());
    return address.toString();
}

QTableView *makeTable(QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideRight);
    view->setShowGrid(false);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    // Fixed row heights: the view never measures 100 000 rows.
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    return view;
}

} // namespace

MainWindow::MainWindow(const QString &host, quint16 port, const ServerOptions &options,
                       MessageMode mode, QWidget *parent)
    : QMainWindow(parent), m_server(new WebSocketServer(this)),
      m_scenarios(new ScenarioRunner(*m_server, this)), m_options(options),
      m_connections(new ConnectionModel(this)), m_log(new FrameLogModel(this)),
      m_filter(new FrameFilterProxy(this)), m_closes(new CloseTracker(this)), m_viewLog(m_log),
      m_viewConnections(m_connections), m_viewCloses(m_closes)
{
    qRegisterMetaType<framescope::EventBatchPtr>();
    setWindowTitle(tr("Framescope"));
    setWindowIcon(appIcon());

    QSettings settings;
    m_log->setCapacity(
        settings.value(QStringLiteral("ui/logCapacity"), FrameLogModel::DefaultCapacity).toInt());
    m_filter->setSourceModel(m_log);
    m_filter->setConnections(m_connections);
    m_closes->setHoldIncoming(options.open_websocket_close_frame);

    installHandlers(mode);
    m_server->setObserverEnabled(true);
    connect(m_server, &WebSocketServer::events, this, &MainWindow::onEvents);
    connect(m_server, &WebSocketServer::stopped, this, [this] {
        if (std::exchange(m_restartPending, false))
            startServer();
        else
            updateServerStatus();
    });

    buildToolBar();
    buildCentral();
    buildStatusBar();
    buildMenuBar();
    m_hostEdit->setText(host);
    m_portSpin->setValue(port);

    m_secondTimer = new QTimer(this);
    m_secondTimer->setInterval(1000);
    connect(m_secondTimer, &QTimer::timeout, this, &MainWindow::onSecond);
    m_secondTimer->start();
    m_detailsTimer = new QTimer(this);
    m_detailsTimer->setSingleShot(true);
    m_detailsTimer->setInterval(200);
    connect(m_detailsTimer, &QTimer::timeout, this, &MainWindow::updateConnectionDetails);

    connect(m_log, &FrameLogModel::flushed, this, [this](int inserted) {
        if (isPaused() && !showingImport())
            m_pausedRows += inserted;
        if (showingImport()) {
            m_liveRowsWhileImported += inserted;
            updateImportBar();
        }
        updateStatusBar();
    });
    connect(m_log, &FrameLogModel::dropCountsChanged, this, [this] { updateStatusBar(); });

    // The first start: 1500x900, or what the screen has room for (a 1280x720 laptop: the
    // right-hand panels were off screen), less a window frame. Saved geometry wins.
    QSize size(1500, 900);
    if (const QScreen *screen = QGuiApplication::primaryScreen())
        size = size.boundedTo(screen->availableGeometry().size() - QSize(16, 48));
    resize(size);
    restoreGeometry(settings.value(QStringLiteral("ui/geometry")).toByteArray());
    updateServerStatus();
    updateStatusBar();
}

MainWindow::~MainWindow()
{
    QObject::disconnect(m_server, nullptr, this, nullptr); // no status updates while dying
    m_server->stop();
    delete std::exchange(m_scenarios, nullptr); // before the server it observes
}

void MainWindow::buildToolBar()
{
    QToolBar *bar = addToolBar(tr("Server"));
    bar->setObjectName(QStringLiteral("serverToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    bar->addWidget(new QLabel(tr("Host "), bar));
    m_hostEdit = new QLineEdit(bar);
    m_hostEdit->setToolTip(tr("Address to listen on: 127.0.0.1, 0.0.0.0 (all IPv4), ::1, :: …"));
    m_hostEdit->setMaximumWidth(
        m_hostEdit->fontMetrics().horizontalAdvance(QStringLiteral("255.255.255.255__")) + 12);
    m_hostEdit->setMinimumWidth(
        m_hostEdit->fontMetrics().horizontalAdvance(QStringLiteral("127.0.0.1__")) + 12);
    bar->addWidget(m_hostEdit);
    bar->addWidget(new QLabel(tr("  Port "), bar));
    m_portSpin = new QSpinBox(bar);
    m_portSpin->setRange(0, 65535);
    m_portSpin->setSpecialValueText(tr("any"));
    m_portSpin->setToolTip(tr("TCP port; 0 picks a free one"));
    bar->addWidget(m_portSpin);
    bar->addSeparator();
    m_startStop = bar->addAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("Start"));
    m_startStop->setToolTip(tr("Start or stop listening"));
    addModeSwitch(bar);
    connect(m_startStop, &QAction::triggered, this, [this] {
        if (m_listening)
            stopServer();
        else
            startServer();
    });
    connect(m_hostEdit, &QLineEdit::returnPressed, this, [this] {
        stopServer();
        startServer();
    });
    bar->addSeparator();

    auto *statusBox = new QWidget(bar);
    auto *statusLayout = new QHBoxLayout(statusBox);
    statusLayout->setContentsMargins(6, 0, 6, 0);
    m_statusDot = new QLabel(statusBox);
    m_urlLabel = new QLabel(statusBox);
    m_urlLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont urlFont = m_urlLabel->font();
    urlFont.setBold(true);
    m_urlLabel->setFont(urlFont);
    m_copyUrl = new QToolButton(statusBox);
    m_copyUrl->setText(tr("Copy"));
    m_copyUrl->setIcon(QIcon::fromTheme(QStringLiteral("edit-copy")));
    m_copyUrl->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_copyUrl->setToolTip(tr("Copy the WebSocket URL"));
    connect(m_copyUrl, &QToolButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_url);
        statusBar()->showMessage(tr("Copied %1").arg(m_url), 3000);
    });
    statusLayout->addWidget(m_statusDot);
    statusLayout->addWidget(m_urlLabel);
    statusLayout->addWidget(m_copyUrl);
    bar->addWidget(statusBox);
    bar->addSeparator();
    m_countsLabel = new QLabel(bar);
    m_countsLabel->setContentsMargins(6, 0, 6, 0);
    bar->addWidget(m_countsLabel);

    auto *spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);

    m_importAction =
        bar->addAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("Import…"));
    m_importAction->setShortcut(QKeySequence::Open);
    m_importAction->setToolTip(tr("Open a frame log saved as JSON Lines"));
    connect(m_importAction, &QAction::triggered, this, &MainWindow::chooseImport);
    m_exportAction =
        bar->addAction(style()->standardIcon(QStyle::SP_DialogSaveButton), tr("Export…"));
    m_exportAction->setShortcut(QKeySequence::Save);
    m_exportAction->setToolTip(
        tr("Save the frame log (all rows or the shown ones) as JSON Lines or HAR"));
    // Icons only (the File menu names them): the toolbar fits 1280 px in every language.
    for (QAction *a : {m_importAction, m_exportAction}) {
        if (auto *button = qobject_cast<QToolButton *>(bar->widgetForAction(a)))
            button->setToolButtonStyle(Qt::ToolButtonIconOnly);
        a->setToolTip(
            QStringLiteral("%1 (%2)").arg(a->text().remove(QStringLiteral("…")), a->toolTip()));
    }
    connect(m_exportAction, &QAction::triggered, this, &MainWindow::chooseExport);
    m_settingsAction =
        bar->addAction(QIcon::fromTheme(QStringLiteral("preferences-system"),
                                        style()->standardIcon(QStyle::SP_FileDialogDetailedView)),
                       tr("Settings…"));
    m_settingsAction->setShortcut(QKeySequence::Preferences);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::openSettings);
}

void MainWindow::buildCentral()
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 0);

    // The banner: why the server is not listening, and a way out.
    m_banner = new QFrame(central);
    m_banner->setFrameShape(QFrame::StyledPanel);
    m_banner->setAutoFillBackground(true);
    {
        QPalette pal = m_banner->palette();
        pal.setColor(QPalette::Window, tintedBase(palette(), QColor(220, 50, 47), 0.25));
        m_banner->setPalette(pal);
    }
    auto *bannerLayout = new QHBoxLayout(m_banner);
    auto *bannerIcon = new QLabel(m_banner);
    bannerIcon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(24, 24));
    m_bannerLabel = new QLabel(m_banner);
    m_bannerLabel->setWordWrap(true);
    m_bannerLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_otherPortButton = new QPushButton(m_banner);
    m_anyPortButton = new QPushButton(tr("Use any free port"), m_banner);
    m_anyPortButton->setObjectName(QStringLiteral("anyPortButton"));
    bannerLayout->addWidget(bannerIcon);
    bannerLayout->addWidget(m_bannerLabel, 1);
    bannerLayout->addWidget(m_otherPortButton);
    bannerLayout->addWidget(m_anyPortButton);
    connect(m_otherPortButton, &QPushButton::clicked, this, [this] {
        m_portSpin->setValue(m_portSpin->value() < 65535 ? m_portSpin->value() + 1 : 0);
        startServer();
    });
    connect(m_anyPortButton, &QPushButton::clicked, this, [this] {
        m_portSpin->setValue(0);
        startServer();
    });
    m_banner->hide();
    layout->addWidget(m_banner);

    // Shown while the views hold an imported session instead of live capture.
    m_importBar = new QFrame(central);
    m_importBar->setObjectName(QStringLiteral("importBar"));
    m_importBar->setFrameShape(QFrame::StyledPanel);
    m_importBar->setAutoFillBackground(true);
    {
        QPalette pal = m_importBar->palette();
        pal.setColor(QPalette::Window, tintedBase(palette(), QColor(38, 139, 210), 0.25));
        m_importBar->setPalette(pal);
    }
    auto *importLayout = new QHBoxLayout(m_importBar);
    auto *importIcon = new QLabel(m_importBar);
    importIcon->setPixmap(style()->standardIcon(QStyle::SP_DialogOpenButton).pixmap(24, 24));
    m_importLabel = new QLabel(m_importBar);
    m_importLabel->setWordWrap(true);
    m_importLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_backToLive = new QPushButton(tr("Back to live capture"), m_importBar);
    m_backToLive->setObjectName(QStringLiteral("backToLive"));
    connect(m_backToLive, &QPushButton::clicked, this, &MainWindow::backToLive);
    importLayout->addWidget(importIcon);
    importLayout->addWidget(m_importLabel, 1);
    importLayout->addWidget(m_backToLive);
    m_importBar->hide();
    layout->addWidget(m_importBar);

    auto *mainSplit = new QSplitter(Qt::Horizontal, central);
    mainSplit->setObjectName(QStringLiteral("mainSplit"));
    auto *leftSplit = new QSplitter(Qt::Vertical, mainSplit);
    leftSplit->setObjectName(QStringLiteral("leftSplit"));

    // Connections
    auto *connBox = new QWidget(leftSplit);
    auto *connLayout = new QVBoxLayout(connBox);
    connLayout->setContentsMargins(0, 0, 0, 0);
    auto *connHeader = new QHBoxLayout;
    auto *connTitle = new QLabel(tr("<b>Connections</b>"), connBox);
    auto *clearClosed = new QPushButton(tr("Clear closed"), connBox);
    clearClosed->setToolTip(tr("Remove closed connections from the table"));
    connect(clearClosed, &QPushButton::clicked, this, [this] {
        m_viewConnections->clearClosed();
        updateServerStatus();
    });
    connHeader->addWidget(connTitle);
    connHeader->addStretch(1);
    connHeader->addWidget(clearClosed);
    connLayout->addLayout(connHeader);
    m_connectionView = makeTable(connBox);
    m_connectionView->setModel(m_connections);
    m_connectionView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    const QFontMetrics fm = m_connectionView->fontMetrics();
    const auto width = [&fm](const char *sample) {
        return fm.horizontalAdvance(QLatin1String(sample)) + 18;
    };
    QHeaderView *ch = m_connectionView->horizontalHeader();
    ch->resizeSection(ConnectionModel::ColFd, width("000"));
    ch->resizeSection(ConnectionModel::ColPeer, width("127.0.0.1:00000"));
    ch->resizeSection(ConnectionModel::ColPath, width("/chat?room=lobby"));
    ch->resizeSection(ConnectionModel::ColOrigin, width("http://localhost:3000"));
    ch->resizeSection(ConnectionModel::ColUserAgent, width("Mozilla/5.0 (X11;"));
    ch->resizeSection(ConnectionModel::ColRtt, width("00.0 ms"));
    ch->resizeSection(ConnectionModel::ColStatus, width("websocket_status"));
    ch->resizeSection(ConnectionModel::ColSubprotocol, width("Subprotocol"));
    ch->resizeSection(ConnectionModel::ColCompression, width("Compression"));
    ch->resizeSection(ConnectionModel::ColFramesIn, width("Frames in"));
    ch->resizeSection(ConnectionModel::ColFramesOut, width("Frames out"));
    ch->resizeSection(ConnectionModel::ColBytesIn, width("000.0 KiB"));
    ch->resizeSection(ConnectionModel::ColBytesOut, width("000.0 KiB"));
    ch->resizeSection(ConnectionModel::ColAge, width("00 min 00 s"));
    ch->resizeSection(ConnectionModel::ColCloseCode, width("Close code"));
    ch->resizeSection(ConnectionModel::ColCloseReason, width("done for today"));
    fitSectionsToLabels(ch); // the samples are English; a translated label may be wider
    connLayout->addWidget(m_connectionView);
    connect(m_connectionView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::connectionSelectionChanged);
    m_connectionView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_connectionView, &QWidget::customContextMenuRequested, this,
            [this](const QPoint &pos) {
                QMenu *menu = createConnectionMenu();
                menu->setAttribute(Qt::WA_DeleteOnClose);
                menu->popup(m_connectionView->viewport()->mapToGlobal(pos));
            });
    auto *copyConnectionRows = new QAction(tr("Copy rows"), m_connectionView);
    copyConnectionRows->setShortcut(QKeySequence::Copy);
    copyConnectionRows->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copyConnectionRows, &QAction::triggered, this, [this] {
        QStringList lines;
        const QHeaderView *header = m_connectionView->horizontalHeader();
        QModelIndexList rows = m_connectionView->selectionModel()->selectedRows();
        std::sort(rows.begin(), rows.end());
        for (const QModelIndex &row : std::as_const(rows)) {
            QStringList cells;
            for (int v = 0; v < header->count(); ++v) {
                const int col = header->logicalIndex(v);
                if (!header->isSectionHidden(col))
                    cells << row.siblingAtColumn(col).data().toString();
            }
            lines << cells.join(QLatin1Char('\t'));
        }
        if (!lines.isEmpty())
            QGuiApplication::clipboard()->setText(lines.join(QLatin1Char('\n')) +
                                                  QLatin1Char('\n'));
    });
    m_connectionView->addAction(copyConnectionRows);
    connect(m_connections, &ConnectionModel::rowsInserted, this, [this] { updateServerStatus(); });
    connect(m_connections, &ConnectionModel::connectionChanged, this, [this](int fd) {
        if (m_viewConnections != m_connections)
            return;
        if (m_sendPanel && m_sendPanel->targets().contains(fd))
            m_sendPanel->refresh();
        const QModelIndexList rows = m_connectionView->selectionModel()->selectedRows();
        for (const QModelIndex &index : rows) {
            if (index.data(ConnectionModel::FdRole).toInt() == fd && !m_detailsTimer->isActive())
                m_detailsTimer->start();
        }
    });

    // Frame log
    auto *logBox = new QWidget(leftSplit);
    auto *logLayout = new QVBoxLayout(logBox);
    logLayout->setContentsMargins(0, 0, 0, 0);
    auto *filterBar = new QHBoxLayout;
    filterBar->addWidget(new QLabel(tr("<b>Frames</b>"), logBox));
    filterBar->addSpacing(8);
    m_fdFilter = new QLineEdit(logBox);
    m_fdFilter->setPlaceholderText(tr("fd: all"));
    m_fdFilter->setToolTip(tr("Only these connections, e.g. 3 or 3,5,8"));
    m_fdFilter->setMaximumWidth(fm.horizontalAdvance(QStringLiteral("fd: 000,000,000")));
    m_fdFilter->setMinimumWidth(fm.horizontalAdvance(QStringLiteral("fd: 000")) + 12);
    m_fdFilter->setClearButtonEnabled(true);
    filterBar->addWidget(m_fdFilter);
    m_opcodeFilter = new QComboBox(logBox);
    m_opcodeFilter->addItem(tr("All frames and events"), int(FrameFilterProxy::OpcodeFilter::All));
    m_opcodeFilter->addItem(tr("Data frames"), int(FrameFilterProxy::OpcodeFilter::Data));
    m_opcodeFilter->addItem(tr("TEXT (1)"), int(FrameFilterProxy::OpcodeFilter::Text));
    m_opcodeFilter->addItem(tr("BINARY (2)"), int(FrameFilterProxy::OpcodeFilter::Binary));
    m_opcodeFilter->addItem(tr("CONTINUATION (0)"),
                            int(FrameFilterProxy::OpcodeFilter::Continuation));
    m_opcodeFilter->addItem(tr("Control frames"), int(FrameFilterProxy::OpcodeFilter::Control));
    m_opcodeFilter->addItem(tr("CLOSE (8)"), int(FrameFilterProxy::OpcodeFilter::Close));
    m_opcodeFilter->addItem(tr("PING / PONG"), int(FrameFilterProxy::OpcodeFilter::PingPong));
    m_opcodeFilter->addItem(tr("Connection events"), int(FrameFilterProxy::OpcodeFilter::Events));
    m_opcodeFilter->addItem(tr("Errors"), int(FrameFilterProxy::OpcodeFilter::Errors));
    filterBar->addWidget(m_opcodeFilter);
    m_directionFilter = new QComboBox(logBox);
    m_directionFilter->addItem(tr("In and out"), int(FrameFilterProxy::DirectionFilter::Both));
    m_directionFilter->addItem(tr("In (client → server)"),
                               int(FrameFilterProxy::DirectionFilter::In));
    m_directionFilter->addItem(tr("Out (server → client)"),
                               int(FrameFilterProxy::DirectionFilter::Out));
    filterBar->addWidget(m_directionFilter);
    // At 1280x720 the bar has about 890 px: the combos shrink to a few characters (the list
    // shows the whole text), the search field keeps a usable width.
    for (QComboBox *combo : {m_opcodeFilter, m_directionFilter})
        combo->setMinimumWidth(
            fm.horizontalAdvance(QLatin1Char('x')) * (combo == m_opcodeFilter ? 11 : 8) + 28);
    m_textFilter = new QLineEdit(logBox);
    m_textFilter->setMinimumWidth(fm.horizontalAdvance(QStringLiteral("Search payloads…")) + 24);
    m_textFilter->setPlaceholderText(tr("Search payloads…"));
    m_textFilter->setClearButtonEnabled(true);
    filterBar->addWidget(m_textFilter, 1);
    m_regexAction = new QAction(tr(".*"), this);
    m_regexAction->setCheckable(true);
    m_regexAction->setToolTip(tr("Search with a regular expression (case-insensitive); matches "
                                 "are highlighted in the payload viewer"));
    auto *regexButton = new QToolButton(logBox);
    regexButton->setDefaultAction(m_regexAction);
    filterBar->addWidget(regexButton);
    m_followSelection = new QAction(tr("Selected only"), this);
    m_followSelection->setCheckable(true);
    m_followSelection->setToolTip(
        tr("Show only the frames of the connections selected in the table"));
    auto *followButton = new QToolButton(logBox);
    followButton->setDefaultAction(m_followSelection);
    filterBar->addWidget(followButton);
    m_timeMode = new QComboBox(logBox);
    m_timeMode->addItem(tr("Time: absolute"), int(FrameFilterProxy::TimeMode::Absolute));
    m_timeMode->addItem(tr("Time: since connection"),
                        int(FrameFilterProxy::TimeMode::SinceConnection));
    m_timeMode->addItem(tr("Time: delta"), int(FrameFilterProxy::TimeMode::Delta));
    m_timeMode->setToolTip(tr("Time column: wall clock, seconds since the connection opened, or "
                              "seconds since the previous row shown"));
    m_timeMode->setMinimumWidth(fm.horizontalAdvance(QLatin1Char('x')) * 10 + 28);
    // The time display lives in the status bar (as in Wireshark): the filter bar must fit
    // a 1280x720 window in German too.
    m_pauseAction = new QAction(style()->standardIcon(QStyle::SP_MediaPause), tr("Pause"), this);
    m_pauseAction->setCheckable(true);
    m_pauseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_pauseAction->setToolTip(tr("Stop updating the frame log view; the server and the capture "
                                 "go on, and the rows that arrive meanwhile appear on resume"));
    auto *pauseButton = new QToolButton(logBox);
    pauseButton->setDefaultAction(m_pauseAction);
    pauseButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    filterBar->addWidget(pauseButton);
    connect(m_pauseAction, &QAction::toggled, this, &MainWindow::setPaused);
    connect(m_regexAction, &QAction::toggled, this, &MainWindow::applyFilter);
    connect(m_followSelection, &QAction::toggled, this, [this](bool on) {
        m_fdFilter->setEnabled(!on);
        applyFilter();
    });
    connect(m_timeMode, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setTimeMode(FrameFilterProxy::TimeMode(m_timeMode->currentData().toInt()));
    });
    auto *autoscroll = new QToolButton(logBox);
    m_autoscroll = new QAction(tr("Autoscroll"), this);
    m_autoscroll->setCheckable(true);
    m_autoscroll->setChecked(true);
    m_autoscroll->setToolTip(tr("Follow new frames while the view is at the bottom"));
    autoscroll->setDefaultAction(m_autoscroll);
    filterBar->addWidget(autoscroll);
    auto *clearLog = new QToolButton(logBox);
    clearLog->setText(tr("Clear"));
    clearLog->setToolTip(tr("Empty the frame log (connections stay)"));
    connect(clearLog, &QToolButton::clicked, this, [this] {
        m_viewLog->clear();
        m_payloadViewer->showRow(nullptr, -1);
        updateStatusBar();
    });
    filterBar->addWidget(clearLog);
    logLayout->addLayout(filterBar);

    m_frameView = makeTable(logBox);
    m_frameView->setModel(m_filter);
    m_frameView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_frameView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_frameView, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu *menu = createFrameMenu();
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_frameView->viewport()->mapToGlobal(pos));
    });
    m_copyAction = new QAction(tr("Copy rows"), this);
    m_copyAction->setShortcut(QKeySequence::Copy);
    m_copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copyAction->setToolTip(tr("Copy the selected rows as shown (tab-separated)"));
    connect(m_copyAction, &QAction::triggered, this, [this] { copyFrames(CopyFormat::Table); });
    m_frameView->addAction(m_copyAction);
    m_loadAction = new QAction(tr("Load into send panel"), this);
    m_loadAction->setEnabled(false); // until a data frame is the current row
    m_loadAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(m_loadAction, &QAction::triggered, this, &MainWindow::loadIntoSendPanel);
    for (QTableView *view : {m_connectionView, m_frameView}) {
        view->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(view->horizontalHeader(), &QWidget::customContextMenuRequested, this,
                [this, view](const QPoint &pos) {
                    QMenu *menu = createHeaderMenu(view);
                    menu->setAttribute(Qt::WA_DeleteOnClose);
                    menu->popup(view->horizontalHeader()->mapToGlobal(pos));
                });
    }
    m_frameView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_frameView->verticalHeader()->setDefaultSectionSize(
        QFontMetrics(m_frameView->font()).height() + 6);
    const QFontMetrics mono(m_frameView->font());
    const auto mwidth = [&mono](const char *sample) {
        return mono.horizontalAdvance(QLatin1String(sample)) + 16;
    };
    QHeaderView *fh = m_frameView->horizontalHeader();
    fh->resizeSection(FrameLogModel::ColNumber, mwidth("000000"));
    fh->resizeSection(FrameLogModel::ColTime, mwidth("00:00:00.000000"));
    fh->resizeSection(FrameLogModel::ColDirection, mwidth("out") + 12);
    fh->resizeSection(FrameLogModel::ColFd, mwidth("000"));
    fh->resizeSection(FrameLogModel::ColOpcode, mwidth("CONTINUATION (0)") + 8);
    fh->resizeSection(FrameLogModel::ColFin, mwidth("FIN") - 4);
    fh->resizeSection(FrameLogModel::ColRsv1, mwidth("1 deflate") - 4);
    fh->resizeSection(FrameLogModel::ColRsv23, mwidth("RSV23") - 4);
    fh->resizeSection(FrameLogModel::ColMasked, mwidth("Mask") - 4);
    fh->resizeSection(FrameLogModel::ColWireLength, mwidth("000000"));
    fh->resizeSection(FrameLogModel::ColPayloadLength, mwidth("0000 → 00000"));
    fitSectionsToLabels(fh);
    // At 1280x720 the Preview had a few pixels: the other columns give way to 170 px. The
    // opcode stays whole ("CONTINUATION (0)"; German "● GESCHLOSSEN" with its dot): elided,
    // it was the one cell a reader could no longer tell apart.
    auto *previewKeeper =
        new LastColumnKeeper(m_frameView, 170,
                             {{FrameLogModel::ColPayloadLength, mwidth("000 → 0000")},
                              {FrameLogModel::ColOpcode, mwidth("CONTINUATION (0)")},
                              {FrameLogModel::ColWireLength, mwidth("0000")},
                              {FrameLogModel::ColNumber, mwidth("0000")},
                              {FrameLogModel::ColTime, mwidth("00:00:00.000000") - 8}});
    logLayout->addWidget(m_frameView, 1);
    m_emptyHint = new QLabel(m_frameView->viewport());
    m_emptyHint->setAlignment(Qt::AlignCenter);
    m_emptyHint->setWordWrap(true);
    m_emptyHint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_emptyHint->setForegroundRole(QPalette::PlaceholderText);
    m_frameView->viewport()->installEventFilter(this);

    connect(m_frameView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::frameSelectionChanged);
    connect(m_filter, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        const QScrollBar *bar = m_frameView->verticalScrollBar();
        m_wasAtBottom = bar->value() >= bar->maximum() - 1;
    });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_autoscroll->isChecked() && m_wasAtBottom)
            m_frameView->scrollToBottom();
        m_emptyHint->setVisible(false);
    });
    const auto refreshHint = [this] {
        m_emptyHint->setVisible(m_filter->rowCount() == 0);
        placeEmptyHint();
    };
    connect(m_filter, &QAbstractItemModel::modelReset, this, refreshHint);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, refreshHint);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, refreshHint);
    connect(m_autoscroll, &QAction::toggled, this, [this](bool on) {
        if (on)
            m_frameView->scrollToBottom();
        updateStatusBar();
    });
    connect(m_frameView->verticalScrollBar(), &QScrollBar::valueChanged, this,
            [this] { updateStatusBar(); });

    m_textFilterTimer = new QTimer(this);
    m_textFilterTimer->setSingleShot(true);
    m_textFilterTimer->setInterval(200);
    connect(m_textFilterTimer, &QTimer::timeout, this, &MainWindow::applyFilter);
    connect(m_textFilter, &QLineEdit::textChanged, m_textFilterTimer, qOverload<>(&QTimer::start));
    connect(m_fdFilter, &QLineEdit::textChanged, m_textFilterTimer, qOverload<>(&QTimer::start));
    connect(m_opcodeFilter, &QComboBox::currentIndexChanged, this, &MainWindow::applyFilter);
    connect(m_directionFilter, &QComboBox::currentIndexChanged, this, &MainWindow::applyFilter);

    leftSplit->addWidget(connBox);
    leftSplit->addWidget(logBox);
    leftSplit->setStretchFactor(0, 1);
    leftSplit->setStretchFactor(1, 3);
    leftSplit->setSizes({220, 600});

    // Right: payload / connection / close inspector, and the send panel below.
    auto *rightSplit = new QSplitter(Qt::Vertical, mainSplit);
    rightSplit->setObjectName(QStringLiteral("rightSplit"));
    m_rightTabs = new QTabWidget(rightSplit);
    m_payloadViewer = new PayloadViewer(m_rightTabs);
    m_details = new QPlainTextEdit(m_rightTabs);
    m_details->setReadOnly(true);
    // Long handshake header lines (cookies, user agents) wrap, also without spaces.
    m_details->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_details->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_closeInspector = new CloseInspector(m_closes, m_rightTabs);
    m_rightTabs->addTab(m_payloadViewer, tr("Payload"));
    m_rightTabs->addTab(m_details, tr("Connection"));
    m_rightTabs->addTab(m_closeInspector, tr("Close inspector"));
    m_scenarioPanel = new ScenarioPanel(m_scenarios, m_connections, m_rightTabs);
    m_rightTabs->addTab(m_scenarioPanel, tr("Scenarios"));
    connect(m_scenarioPanel, &ScenarioPanel::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    connect(m_scenarioPanel, &ScenarioPanel::runSelectedFd, this, &MainWindow::showRunFrames);
    m_sendPanel = new SendPanel(m_server); // reparented into its scroll area below
    m_sendPanel->setConnectionModel(m_connections);
    // Scrolls when the pane is short (1280x720) instead of squeezing the controls.
    auto *sendScroll = new QScrollArea(rightSplit);
    sendScroll->setObjectName(QStringLiteral("sendScroll"));
    sendScroll->setWidgetResizable(true);
    sendScroll->setFrameShape(QFrame::NoFrame);
    sendScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    sendScroll->setWidget(m_sendPanel);
    rightSplit->addWidget(m_rightTabs);
    // Below: what the window sends (push, ping, close) and how it answers handshakes.
    m_lowerTabs = new QTabWidget(rightSplit);
    m_lowerTabs->setDocumentMode(true);
    m_lowerTabs->addTab(sendScroll, tr("Send"));
    addHandshakeTab();
    rightSplit->addWidget(m_lowerTabs);
    // Wide enough for the send panel's buttons; the log pane gives way first.
    rightSplit->setMinimumWidth(m_sendPanel->minimumSizeHint().width() + 24);
    rightSplit->setStretchFactor(0, 3);
    rightSplit->setStretchFactor(1, 2);
    connect(m_sendPanel, &SendPanel::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 5000); });

    connect(m_closeInspector, &CloseInspector::echoRequested, this,
            [this](int fd, int code, const QByteArray &reason) {
                if (!m_server->sendClose(fd, code, reason))
                    statusBar()->showMessage(serverErrorText(m_server->lastError()), 5000);
            });
    connect(m_closeInspector, &CloseInspector::replyRequested, this,
            [this](int fd, int code, const QByteArray &reason) {
                if (!m_server->sendClose(fd, code, reason))
                    statusBar()->showMessage(serverErrorText(m_server->lastError()), 5000);
            });
    connect(m_closeInspector, &CloseInspector::dropRequested, this,
            [this](int fd) { m_server->close(fd, true); });
    connect(m_closes, &CloseTracker::closeHeld, this, [this](int fd) {
        m_rightTabs->setCurrentWidget(m_closeInspector);
        statusBar()->showMessage(tr("fd %1 sent a close frame: choose the reply in the close "
                                    "inspector")
                                     .arg(fd),
                                 8000);
    });

    mainSplit->addWidget(leftSplit);
    mainSplit->addWidget(rightSplit);
    // The right-hand pane keeps its width (its tab bar and the send panel need about 440
    // px, more does not help them); the tables take what the window has beyond that.
    mainSplit->setStretchFactor(0, 1);
    mainSplit->setStretchFactor(1, 0);
    mainSplit->setSizes({1100, 440});
    layout->addWidget(mainSplit, 1);
    setCentralWidget(central);

    QSettings settings;
    // "ui/connectionHeader" was saved with RTT after Age: its widths and hidden flags
    // belong to other columns now, so it is not read (a first start for this table).
    m_connectionView->horizontalHeader()->restoreState(
        settings.value(QStringLiteral("ui/connectionColumns")).toByteArray());
    m_frameView->horizontalHeader()->restoreState(
        settings.value(QStringLiteral("ui/frameHeader")).toByteArray());
    // A first start on a small screen: RSV2/3 and Mask (in the payload viewer's summary
    // too) make room for the Preview.
    if (!settings.contains(QStringLiteral("ui/frameHeader")))
        previewKeeper->hideAtFirstFit({FrameLogModel::ColRsv23, FrameLogModel::ColMasked});
    m_timeMode->setCurrentIndex(
        qBound(0, settings.value(QStringLiteral("ui/timeMode")).toInt(), m_timeMode->count() - 1));
    mainSplit->restoreState(settings.value(QStringLiteral("ui/mainSplit")).toByteArray());
    leftSplit->restoreState(settings.value(QStringLiteral("ui/leftSplit")).toByteArray());
    rightSplit->restoreState(settings.value(QStringLiteral("ui/rightSplit")).toByteArray());
    updateConnectionDetails();
}

void MainWindow::buildStatusBar()
{
    m_logStatus = new QLabel(this);
    statusBar()->addPermanentWidget(m_timeMode);
    statusBar()->addPermanentWidget(m_logStatus);
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_frameView->viewport() && event->type() == QEvent::Resize)
        placeEmptyHint();
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::placeEmptyHint()
{
    if (!m_emptyHint)
        return;
    const QRect area = m_frameView->viewport()->rect().adjusted(24, 24, -24, -24);
    m_emptyHint->setGeometry(area);
    QString text;
    if (m_filter->isActive() && m_viewLog->rowCount() > 0)
        text = tr("No frame matches the filter.");
    else if (showingImport())
        text = tr("The imported session has no rows.");
    else if (m_listening)
        text = tr("No frames yet.\n\nConnect a client to %1\nfor example in a browser console:\n"
                  "new WebSocket(\"%1\")")
                   .arg(m_url);
    else
        text = tr("The server is not listening.");
    m_emptyHint->setText(text);
}

bool MainWindow::startServer()
{
    const QHostAddress address = parseHost(m_hostEdit->text());
    if (address.isNull()) {
        showBanner(tr("“%1” is not an IP address. Use e.g. 127.0.0.1, 0.0.0.0 or ::1.")
                       .arg(m_hostEdit->text()),
                   false);
        return false;
    }
    if (m_server->isRunning())
        m_server->stop();
    m_server->set(m_options);
    m_handshakePanel->setConfiguredSubprotocol(m_options.websocket_subprotocol);
    m_closes->setHoldIncoming(m_options.open_websocket_close_frame);
    m_closeInspector->setHeldCloseTimeout(m_options.held_close_timeout_ms);
    const quint16 port = quint16(m_portSpin->value());
    if (!m_server->start(address, port)) {
        m_listening = false;
        showBanner(tr("Not listening: %1").arg(m_server->errorString()), true);
        updateServerStatus();
        return false;
    }
    m_listening = true;
    m_banner->hide();
    // Echo and broadcast send every message back: a message limit over the push limit lets
    // in messages whose push must fail (each one a NOT SENT row; this says why up front).
    if (messageMode() != MessageMode::Silent &&
        m_options.websocket_max_message_size > m_options.buffer_output_size)
        showBanner(tr("Warning: websocket_max_message_size (%1) is larger than "
                      "buffer_output_size (%2): a message of more than %2 bytes is accepted, "
                      "but pushing it back fails.")
                       .arg(m_options.websocket_max_message_size)
                       .arg(m_options.buffer_output_size),
                   false);
    const quint16 bound = m_server->serverPort();
    if (bound != port)
        m_portSpin->setValue(bound);
    m_url = QStringLiteral("%1://%2:%3/")
                .arg(m_options.tlsEnabled() ? QStringLiteral("wss") : QStringLiteral("ws"))
                .arg(urlHost(m_server->serverAddress()))
                .arg(bound);
    updateServerStatus();
    placeEmptyHint();
    statusBar()->showMessage(tr("Listening on %1").arg(m_url), 5000);
    return true;
}

void MainWindow::stopServer()
{
    // stopAsync() sends 1001 to every client and returns at once: the window stays live
    // while the closing handshakes run (up to close_timeout_ms); stopped() re-enables Start.
    m_server->stopAsync();
    m_listening = false;
    updateServerStatus();
    placeEmptyHint();
}

bool MainWindow::isListening() const
{
    return m_listening;
}

QString MainWindow::listeningUrl() const
{
    return m_listening ? m_url : QString();
}

QString MainWindow::bannerText() const
{
    return m_bannerLabel->text();
}

bool MainWindow::bannerVisible() const
{
    return !m_banner->isHidden();
}

void MainWindow::showBanner(const QString &text, bool offerPorts)
{
    m_bannerLabel->setText(text);
    const int next = m_portSpin->value() < 65535 ? m_portSpin->value() + 1 : 0;
    m_otherPortButton->setText(tr("Use port %1").arg(next));
    m_otherPortButton->setVisible(offerPorts && m_portSpin->value() != 0);
    m_anyPortButton->setVisible(offerPorts);
    m_banner->show();
}

void MainWindow::setServerOptions(const ServerOptions &options)
{
    m_options = options;
    if (m_listening) {
        m_restartPending = true; // startServer() once stopped() says the old one is gone
        stopServer();
    }
}

void MainWindow::updateServerStatus()
{
    const int diameter = 10;
    QPixmap dot(diameter, diameter);
    dot.fill(Qt::transparent);
    {
        QPainter p(&dot);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(m_listening ? QColor(46, 160, 67) : QColor(160, 160, 160));
        p.drawEllipse(0, 0, diameter, diameter);
    }
    m_statusDot->setPixmap(dot);
    if (m_listening) {
        m_urlLabel->setText(m_url);
        m_startStop->setText(tr("Stop"));
        m_startStop->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
        setWindowTitle(tr("Framescope — %1").arg(m_url));
    } else if (m_server->isStopping()) {
        m_urlLabel->setText(tr("stopping: waiting for closing handshakes…"));
        m_startStop->setText(tr("Start"));
        m_startStop->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
        setWindowTitle(tr("Framescope — stopping"));
    } else {
        m_urlLabel->setText(tr("not listening"));
        m_startStop->setText(tr("Start"));
        m_startStop->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
        setWindowTitle(tr("Framescope — not listening"));
    }
    if (showingImport())
        setWindowTitle(tr("Framescope — imported: %1").arg(m_importedFile));
    const bool stopping = !m_listening && m_server->isStopping();
    m_startStop->setEnabled(!stopping);
    m_copyUrl->setEnabled(m_listening);
    m_hostEdit->setEnabled(!m_listening && !stopping);
    m_portSpin->setEnabled(!m_listening && !stopping);
    m_countsLabel->setText(countsText());
}

QString MainWindow::countsText() const
{
    // The rows of the table shown, so the numbers agree with it.
    const ConnectionModel *c = m_viewConnections;
    const int other = c->rowCount() - c->establishedCount() - c->closedCount();
    if (other > 0)
        return tr("%1 connections: %2 active, %3 opening or closing, %4 closed · %5 frames/s")
            .arg(c->rowCount())
            .arg(c->establishedCount())
            .arg(other)
            .arg(c->closedCount())
            .arg(QLocale().toString(m_framesPerSecond));
    return tr("%1 connections: %2 active, %3 closed · %4 frames/s")
        .arg(c->rowCount())
        .arg(c->establishedCount())
        .arg(c->closedCount())
        .arg(QLocale().toString(m_framesPerSecond));
}

void MainWindow::updateStatusBar()
{
    const QLocale locale;
    QStringList parts;
    QString rows =
        tr("%1 of %2 rows")
            .arg(locale.toString(m_viewLog->rowCount()), locale.toString(m_viewLog->capacity()));
    if (m_filter->isActive())
        rows += tr(" (%1 shown)").arg(locale.toString(m_filter->rowCount()));
    parts << rows;
    parts << tr("dropped from view: %1").arg(locale.toString(m_viewLog->evictedRows()));
    if (m_viewLog->serverDropped() > 0)
        parts << tr("⚠ not recorded (server queue full): %1")
                     .arg(locale.toString(m_viewLog->serverDropped()));
    const QScrollBar *bar = m_frameView->verticalScrollBar();
    if (isPaused())
        parts << tr("⏸ view paused: %1 new rows held (capture goes on)")
                     .arg(locale.toString(m_pausedRows));
    if (!m_autoscroll->isChecked())
        parts << tr("autoscroll paused");
    else if (bar->value() < bar->maximum() - 1)
        parts << tr("autoscroll waits (scrolled up)");
    if (showingImport())
        parts << tr("imported: %1").arg(m_importedFile);
    m_logStatus->setText(parts.join(QStringLiteral("  ·  ")));
}

void MainWindow::onEvents(const EventBatchPtr &batch)
{
    if (!batch)
        return;
    m_log->addBatch(batch);
    m_connections->addBatch(batch);
    m_closes->addBatch(batch);
    for (const EventRecord &r : *batch) {
        switch (r.kind) {
        case EventRecord::Kind::Frame:
            ++m_framesThisSecond;
            break;
        case EventRecord::Kind::Closed:
        case EventRecord::Kind::Disconnected:
            m_sendPanel->connectionClosed(r.fd);
            break;
        case EventRecord::Kind::ServerError:
            showBanner(r.text, false);
            break;
        default:
            break;
        }
    }
}

void MainWindow::onSecond()
{
    m_framesPerSecond = m_framesThisSecond;
    m_framesThisSecond = 0;
    m_connections->tick(QDateTime::currentMSecsSinceEpoch() * 1000);
    updateServerStatus();
}

void MainWindow::connectionSelectionChanged()
{
    QList<int> fds;
    const QModelIndexList rows = m_connectionView->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows)
        fds << index.data(ConnectionModel::FdRole).toInt();
    std::sort(fds.begin(), fds.end());
    m_sendPanel->setTargets(fds);
    if (fds.size() == 1)
        m_closeInspector->showFd(fds.first());
    m_scenarioPanel->setSelectedFd(!showingImport() && fds.size() == 1 ? fds.first() : 0);
    updateConnectionDetails();
    if (m_followSelection && m_followSelection->isChecked())
        applyFilter();
}

QString MainWindow::connectionDetailsText() const
{
    return m_details->toPlainText();
}

void MainWindow::updateConnectionDetails()
{
    const QModelIndexList rows = m_connectionView->selectionModel()->selectedRows();
    if (rows.size() != 1) {
        m_details->setPlainText(rows.isEmpty() ? tr("Select a connection to see its handshake, "
                                                    "counters and ping round trips.")
                                               : tr("%1 connections selected.").arg(rows.size()));
        return;
    }
    const ConnectionRecord *c = m_viewConnections->record(rows.first().row());
    if (!c)
        return;
    QString text;
    text += tr("fd %1 · %2:%3 · websocket_status %4\n")
                .arg(c->fd)
                .arg(c->peerAddress.toString())
                .arg(c->peerPort)
                .arg(websocketStatusLabel(c->status));
    if (c->websocket) {
        text +=
            tr("Subprotocol: %1\n")
                .arg(c->subprotocol.isEmpty() ? tr("(none)") : QString::fromUtf8(c->subprotocol));
        text += tr("Extensions:  %1\n")
                    .arg(c->extensions.isEmpty() ? tr("(none: no compression)")
                                                 : QString::fromUtf8(c->extensions));
    }
    if (c->tls) {
        const TlsInfo &t = *c->tls;
        const QString none = tr("(none)");
        text += tr("TLS:         %1 · %2\n")
                    .arg(QString::fromLatin1(t.version), QString::fromLatin1(t.cipher));
        text += tr("SNI: %1 · ALPN: %2 · client certificate: %3\n")
                    .arg(t.sni.isEmpty() ? none : QString::fromUtf8(t.sni),
                         t.alpn.isEmpty() ? none : QString::fromUtf8(t.alpn),
                         t.clientSubject.isEmpty() ? none : t.clientSubject);
    }
    text += tr("Frames in %1 (%2) · out %3 (%4)\n")
                .arg(c->framesIn)
                .arg(formatBytes(c->bytesIn))
                .arg(c->framesOut)
                .arg(formatBytes(c->bytesOut));
    text +=
        tr("Connected %1\n")
            .arg(QDateTime::fromMSecsSinceEpoch(c->connectedUs / 1000).toString(Qt::ISODateWithMs));
    if (c->rttsUs.isEmpty()) {
        text += tr("Ping RTT: no pong yet (use Ping in the send panel)\n");
    } else {
        QStringList rtts;
        for (qint64 us : c->rttsUs)
            rtts << formatDurationUs(us);
        text += tr("Ping RTT: last %1 · previous %2\n")
                    .arg(rtts.last())
                    .arg(rtts.size() > 1 ? rtts.mid(0, rtts.size() - 1).join(QStringLiteral(", "))
                                         : tr("none"));
    }
    if (c->closed()) {
        text += tr("Closed: code %1 %2 · by %3 · %4\n")
                    .arg(c->closeCode)
                    .arg(c->closeReason.isEmpty()
                             ? QString()
                             : QStringLiteral("“%1”").arg(QString::fromUtf8(c->closeReason)),
                         initiatorText(c->initiator),
                         c->closeHandshakeUs >= 0
                             ? tr("closing handshake %1").arg(formatDurationUs(c->closeHandshakeUs))
                             : tr("no closing handshake"));
    }
    if (!c->rejectReason.isEmpty())
        text += tr("Handshake rejected: HTTP %1 %2\n").arg(c->httpStatus).arg(c->rejectReason);
    text += QLatin1Char('\n') + tr("── Handshake request (as received) ──") + QLatin1Char('\n');
    // The heads exactly as exchanged; only CR LF shown as line breaks.
    text += c->requestHead.isEmpty() ? tr("(not received)\n")
                                     : QString::fromUtf8(c->requestHead).remove(QLatin1Char('\r'));
    text += tr("── Handshake response (as sent) ──") + QLatin1Char('\n');
    text += c->responseHead.isEmpty()
                ? tr("(not sent)\n")
                : QString::fromUtf8(c->responseHead).remove(QLatin1Char('\r'));
    const int scroll = m_details->verticalScrollBar()->value();
    m_details->setPlainText(text);
    m_details->verticalScrollBar()->setValue(scroll);
}

void MainWindow::frameSelectionChanged()
{
    const QModelIndex current = m_frameView->selectionModel()->currentIndex();
    const int sourceRow = current.isValid() ? m_filter->mapToSource(current).row() : -1;
    m_payloadViewer->showRow(m_viewLog, sourceRow);
    // Data frames only (also from an imported session: the payload waits in the panel).
    const LogEntry *e = m_viewLog->entry(sourceRow);
    const EventRecord *shown = e && e->record->kind == EventRecord::Kind::Frame
                                   ? (e->message ? e->message : e->record).get()
                                   : nullptr;
    m_loadAction->setEnabled(shown && !isControlOpcode(shown->opcode));
    if (sourceRow >= 0 && m_rightTabs->currentWidget() != m_payloadViewer &&
        m_rightTabs->currentWidget() != m_closeInspector)
        m_rightTabs->setCurrentWidget(m_payloadViewer);
}

void MainWindow::applyFilter()
{
    QSet<int> fds;
    if (m_followSelection->isChecked()) {
        const QList<int> selected = selectedFds();
        fds = QSet<int>(selected.cbegin(), selected.cend());
        if (fds.isEmpty())
            fds.insert(0); // nothing selected: no connection's frames
    } else {
        const QStringList parts = m_fdFilter->text().split(
            QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
        for (const QString &part : parts) {
            bool ok = false;
            const int fd = part.toInt(&ok);
            if (ok)
                fds.insert(fd);
        }
    }
    m_filter->setRegex(m_regexAction->isChecked());
    m_filter->setFds(fds);
    m_filter->setOpcodeFilter(
        FrameFilterProxy::OpcodeFilter(m_opcodeFilter->currentData().toInt()));
    m_filter->setDirectionFilter(
        FrameFilterProxy::DirectionFilter(m_directionFilter->currentData().toInt()));
    m_filter->setText(m_textFilter->text());
    const QString regexError = m_filter->regexError();
    {
        QPalette pal = palette();
        if (!regexError.isEmpty())
            pal.setColor(QPalette::Text, QColor(214, 69, 65));
        m_textFilter->setPalette(pal);
        m_textFilter->setToolTip(
            regexError.isEmpty() ? QString() : tr("Not a regular expression: %1").arg(regexError));
    }
    m_payloadViewer->setHighlight(m_filter->searchPattern());
    m_emptyHint->setVisible(m_filter->rowCount() == 0);
    placeEmptyHint();
    updateStatusBar();
}

void MainWindow::openSettings()
{
    SettingsDialog dialog(m_options, m_log->capacity(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QSettings settings;
    saveServerOptions(settings, dialog.options());
    settings.setValue(QStringLiteral("ui/logCapacity"), dialog.logCapacity());
    m_log->setCapacity(dialog.logCapacity());
    setServerOptions(dialog.options());
    updateStatusBar();
}

bool MainWindow::exportLog(const QString &fileName, QString *error, ExportFormat format,
                           bool shownOnly)
{
    m_viewLog->flush();
    QVector<int> shown;
    if (shownOnly) {
        shown.reserve(m_filter->rowCount());
        for (int row = 0; row < m_filter->rowCount(); ++row)
            shown.append(m_filter->mapToSource(m_filter->index(row, 0)).row());
    }
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    const QVector<int> *rows = shownOnly ? &shown : nullptr;
    const qint64 written = format == ExportFormat::Har
                               ? exportHar(*m_viewLog, m_viewConnections, file, rows)
                               : exportJsonLines(*m_viewLog, file, rows);
    if (written < 0 || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    statusBar()->showMessage(tr("Exported %1 rows to %2").arg(written).arg(fileName), 5000);
    return true;
}

bool MainWindow::importLog(const QString &fileName, QString *error)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    int skipped = 0;
    QString firstError;
    const EventBatch records = importJsonLines(file, &skipped, &firstError);
    if (records.isEmpty()) {
        if (error)
            *error = firstError.isEmpty() ? tr("the file holds no frames") : firstError;
        return false;
    }
    // A session of its own: fresh models (rows numbered from 1), live capture untouched.
    auto *log = new FrameLogModel(this);
    log->setCapacity(qMax(m_log->capacity(), int(qMin<qsizetype>(records.size(), 10000000))));
    log->addRecords(records);
    log->flush();
    auto *connections = new ConnectionModel(this);
    connections->addRecords(records);
    connections->announceCounters();
    auto *closes = new CloseTracker(this);
    closes->addRecords(records);
    FrameLogModel *oldLog = m_importLog;
    ConnectionModel *oldConnections = m_importConnections;
    CloseTracker *oldCloses = m_importCloses;
    m_importLog = log;
    m_importConnections = connections;
    m_importCloses = closes;
    m_importedFile = QFileInfo(fileName).fileName();
    m_liveRowsWhileImported = 0;
    showModels(log, connections, closes);
    delete oldLog;
    delete oldConnections;
    delete oldCloses;
    QString message = tr("Imported %1 rows from %2").arg(log->rowCount()).arg(m_importedFile);
    if (skipped)
        message += tr(" (%1 lines skipped: %2)").arg(skipped).arg(firstError);
    statusBar()->showMessage(message, 8000);
    updateStatusBar();
    return true;
}

void MainWindow::backToLive()
{
    showModels(m_log, m_connections, m_closes);
}

QString MainWindow::importBarText() const
{
    return m_importBar->isHidden() ? QString() : m_importLabel->text();
}

void MainWindow::updateImportBar()
{
    if (!showingImport()) {
        m_importBar->hide();
        return;
    }
    m_importLabel->setText(
        tr("Imported session: %1 — %2 rows, %3 connections (numbered as in the file). "
           "Live capture goes on: %4 new live rows meanwhile.")
            .arg(m_importedFile)
            .arg(QLocale().toString(m_importLog->rowCount()))
            .arg(m_importConnections->rowCount())
            .arg(QLocale().toString(m_liveRowsWhileImported)));
    m_importBar->show();
}

void MainWindow::showModels(FrameLogModel *log, ConnectionModel *connections, CloseTracker *closes)
{
    setPaused(false);
    m_viewLog = log;
    m_viewCloses = closes;
    m_filter->setSourceModel(log);
    m_filter->setConnections(connections);
    if (m_viewConnections != connections) {
        m_viewConnections = connections;
        // A new model resets the header: keep the user's column widths.
        const QByteArray header = m_connectionView->horizontalHeader()->saveState();
        QItemSelectionModel *oldSelection = m_connectionView->selectionModel();
        m_connectionView->setModel(connections);
        oldSelection->deleteLater();
        m_connectionView->horizontalHeader()->restoreState(header);
        connect(m_connectionView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
                &MainWindow::connectionSelectionChanged);
    }
    m_closeInspector->setTracker(closes);
    m_sendPanel->setLiveView(log == m_log);
    m_payloadViewer->showRow(nullptr, -1);
    connectionSelectionChanged();
    if (log == m_log)
        m_liveRowsWhileImported = 0;
    updateImportBar();
    updateServerStatus();
    updateStatusBar();
    placeEmptyHint();
    m_emptyHint->setVisible(m_filter->rowCount() == 0);
}

void MainWindow::chooseExport()
{
    m_viewLog->flush();
    ExportDialog options(m_viewLog->rowCount(), m_filter->rowCount(), this);
    if (options.exec() != QDialog::Accepted)
        return;
    const QString name = QFileDialog::getSaveFileName(
        this, tr("Export frame log"), options.suggestedFileName(), options.fileFilter());
    if (name.isEmpty())
        return;
    QString error;
    if (!exportLog(name, &error, options.format(), options.shownOnly()))
        QMessageBox::warning(this, tr("Export failed"),
                             tr("Could not write %1: %2").arg(name, error));
}

void MainWindow::chooseImport()
{
    const QString name = QFileDialog::getOpenFileName(
        this, tr("Import frame log"), {}, tr("JSON Lines (*.jsonl *.ndjson *.log);;All files (*)"));
    if (name.isEmpty())
        return;
    QString error;
    if (!importLog(name, &error))
        QMessageBox::warning(this, tr("Import failed"),
                             tr("Could not read %1: %2").arg(name, error));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveViewState();
    QMainWindow::closeEvent(event);
}

void MainWindow::saveViewState()
{
    QSettings settings;
    settings.setValue(QStringLiteral("ui/geometry"), saveGeometry());
    for (const char *name : {"mainSplit", "leftSplit", "rightSplit"}) {
        if (auto *split = findChild<QSplitter *>(QLatin1String(name)))
            settings.setValue(QStringLiteral("ui/%1").arg(QLatin1String(name)), split->saveState());
    }
    settings.remove(QStringLiteral("ui/connectionHeader"));
    settings.setValue(QStringLiteral("ui/connectionColumns"),
                      m_connectionView->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("ui/frameHeader"),
                      m_frameView->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("ui/timeMode"), m_timeMode->currentIndex());
}

void MainWindow::buildMenuBar()
{
    QMenuBar *bar = menuBar();
    QMenu *file = bar->addMenu(tr("&File"));
    file->addAction(m_importAction);
    file->addAction(m_exportAction);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = bar->addMenu(tr("&Edit"));
    edit->addAction(m_copyAction);
    QMenu *copyAs = edit->addMenu(tr("Copy payload as"));
    copyAs->addAction(tr("Text"), this, [this] { copyFrames(CopyFormat::Text); });
    copyAs->addAction(tr("Hex"), this, [this] { copyFrames(CopyFormat::Hex); });
    copyAs->addAction(tr("Base64"), this, [this] { copyFrames(CopyFormat::Base64); });
    copyAs->addAction(tr("Pretty JSON"), this, [this] { copyFrames(CopyFormat::PrettyJson); });
    edit->addAction(tr("Copy rows as JSON Lines"), this,
                    [this] { copyFrames(CopyFormat::JsonLines); });
    edit->addAction(m_loadAction);
    edit->addSeparator();
    m_findAction = edit->addAction(tr("&Find…"), this, [this] {
        m_textFilter->setFocus(Qt::ShortcutFocusReason);
        m_textFilter->selectAll();
    });
    m_findAction->setShortcut(QKeySequence::Find);

    QMenu *view = bar->addMenu(tr("&View"));
    view->addAction(m_pauseAction);
    view->addAction(m_autoscroll);
    view->addAction(m_followSelection);
    view->addAction(m_regexAction);
    QMenu *time = view->addMenu(tr("Time display"));
    auto *timeGroup = new QActionGroup(time);
    for (int i = 0; i < m_timeMode->count(); ++i) {
        QAction *a = time->addAction(m_timeMode->itemText(i));
        a->setCheckable(true);
        a->setChecked(i == m_timeMode->currentIndex());
        timeGroup->addAction(a);
        connect(a, &QAction::triggered, m_timeMode, [this, i] { m_timeMode->setCurrentIndex(i); });
        connect(m_timeMode, &QComboBox::currentIndexChanged, a,
                [a, i](int current) { a->setChecked(i == current); });
    }
    view->addSeparator();
    view->addAction(tr("Back to live capture"), this, &MainWindow::backToLive);

    QMenu *server = bar->addMenu(tr("&Server"));
    server->addAction(m_startStop);
    server->addAction(m_settingsAction);
    server->addSeparator();
    server->addAction(m_scenarioPanel->runAction());
    server->addAction(tr("Show scenarios"), this,
                      [this] { m_rightTabs->setCurrentWidget(m_scenarioPanel); });
    addServerControlMenu(server);

    QMenu *help = bar->addMenu(tr("&Help"));
    help->addAction(tr("&About Framescope"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

QString MainWindow::aboutText() const
{
    return tr("<h3>Framescope %1</h3>"
              "<p>A WebSocket test server with Swoole's semantics and a frame inspector.</p>"
              "<p>Qt %2 (built with %3)</p>"
              "<p>Licences: Framescope is MIT-licensed. It uses Qt 6 (LGPLv3), zlib (zlib "
              "licence) and libdeflate (MIT).</p>")
        .arg(QStringLiteral(FRAMESCOPE_VERSION), QString::fromLatin1(qVersion()),
             QStringLiteral(QT_VERSION_STR));
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Framescope"), aboutText());
}

QList<int> MainWindow::selectedFds() const
{
    QList<int> fds;
    const QModelIndexList rows = m_connectionView->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows)
        fds << index.data(ConnectionModel::FdRole).toInt();
    std::sort(fds.begin(), fds.end());
    return fds;
}

QList<int> MainWindow::selectedFrameSourceRows() const
{
    QList<int> rows;
    const QModelIndexList selected = m_frameView->selectionModel()->selectedRows();
    for (const QModelIndex &index : selected)
        rows << m_filter->mapToSource(index).row();
    if (rows.isEmpty() && m_frameView->currentIndex().isValid())
        rows << m_filter->mapToSource(m_frameView->currentIndex()).row();
    std::sort(rows.begin(), rows.end());
    return rows;
}

namespace {
// The payload the application saw: the reassembled, inflated message when the row ends one.
const EventRecord *payloadRecord(const LogEntry *e)
{
    if (!e || e->record->kind != EventRecord::Kind::Frame)
        return nullptr;
    return e->message ? e->message.get() : e->record.get();
}
} // namespace

QString MainWindow::copyFrames(CopyFormat format)
{
    const QList<int> rows = selectedFrameSourceRows();
    QString out;
    if (format == CopyFormat::JsonLines) {
        QByteArray lines;
        for (int row : rows) {
            if (const LogEntry *e = m_viewLog->entry(row))
                lines += recordToJsonLine(*e->record, e->message.get()) + '\n';
        }
        out = QString::fromUtf8(lines);
    } else if (format == CopyFormat::Table) {
        const QHeaderView *header = m_frameView->horizontalHeader();
        QStringList lines;
        for (int row : rows) {
            QStringList cells;
            for (int v = 0; v < header->count(); ++v) {
                const int col = header->logicalIndex(v);
                if (!header->isSectionHidden(col))
                    cells << m_filter->mapFromSource(m_viewLog->index(row, col)).data().toString();
            }
            lines << cells.join(QLatin1Char('\t'));
        }
        if (!lines.isEmpty())
            out = lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
    } else {
        const int current = m_frameView->currentIndex().isValid()
                                ? m_filter->mapToSource(m_frameView->currentIndex()).row()
                                : (rows.isEmpty() ? -1 : rows.first());
        const EventRecord *r = payloadRecord(m_viewLog->entry(current));
        if (!r)
            return {};
        switch (format) {
        case CopyFormat::Text:
            out = QString::fromUtf8(r->payload);
            break;
        case CopyFormat::Hex:
            out = QString::fromLatin1(r->payload.toHex(' '));
            break;
        case CopyFormat::Base64:
            out = QString::fromLatin1(r->payload.toBase64());
            break;
        case CopyFormat::PrettyJson:
            out = prettyJson(r->payload);
            break;
        default:
            break;
        }
    }
    if (!out.isEmpty()) {
        QGuiApplication::clipboard()->setText(out);
        statusBar()->showMessage(tr("Copied %1 characters").arg(out.size()), 3000);
    }
    return out;
}

QString MainWindow::copyConnections(bool handshake)
{
    QStringList parts;
    const QModelIndexList rows = m_connectionView->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows) {
        const ConnectionRecord *c = m_viewConnections->record(index.row());
        if (!c)
            continue;
        if (handshake) {
            parts << QString::fromUtf8(c->requestHead).remove(QLatin1Char('\r')) +
                         QString::fromUtf8(c->responseHead).remove(QLatin1Char('\r'));
            continue;
        }
        // ws://<Host header><request target>, as the client asked for it.
        QString host;
        const QList<QByteArray> lines = c->requestHead.split('\n');
        for (const QByteArray &line : lines) {
            if (line.toLower().startsWith("host:"))
                host = QString::fromUtf8(line.mid(5).trimmed());
        }
        if (host.isEmpty() && m_server->isRunning())
            host = QStringLiteral("%1:%2")
                       .arg(urlHost(m_server->serverAddress()))
                       .arg(m_server->serverPort());
        const QString target = c->uri.isEmpty() ? QStringLiteral("/") : QString::fromUtf8(c->uri);
        parts << QStringLiteral("ws://%1%2").arg(host, target);
    }
    const QString out = parts.join(handshake ? QStringLiteral("\n") : QStringLiteral("\n"));
    if (!out.isEmpty()) {
        QGuiApplication::clipboard()->setText(out);
        statusBar()->showMessage(tr("Copied %1 characters").arg(out.size()), 3000);
    }
    return out;
}

bool MainWindow::loadIntoSendPanel()
{
    const QModelIndex current = m_frameView->currentIndex();
    const EventRecord *r =
        current.isValid() ? payloadRecord(m_viewLog->entry(m_filter->mapToSource(current).row()))
                          : nullptr;
    if (!r || isControlOpcode(r->opcode))
        return false;
    m_lowerTabs->setCurrentIndex(0); // the Send tab
    m_sendPanel->loadPayload(r->payload, r->opcode == OpBinary);
    statusBar()->showMessage(tr("Loaded %1 bytes into the send panel").arg(r->payload.size()),
                             3000);
    return true;
}

QMenu *MainWindow::createFrameMenu()
{
    auto *menu = new QMenu(this);
    const QModelIndex current = m_frameView->currentIndex();
    const EventRecord *r =
        current.isValid() ? payloadRecord(m_viewLog->entry(m_filter->mapToSource(current).row()))
                          : nullptr;
    const bool havePayload = r && !r->payload.isEmpty();
    QMenu *copyAs = menu->addMenu(tr("Copy payload as"));
    copyAs->setEnabled(havePayload);
    copyAs->addAction(tr("Text"), this, [this] { copyFrames(CopyFormat::Text); });
    copyAs->addAction(tr("Hex"), this, [this] { copyFrames(CopyFormat::Hex); });
    copyAs->addAction(tr("Base64"), this, [this] { copyFrames(CopyFormat::Base64); });
    QAction *json =
        copyAs->addAction(tr("Pretty JSON"), this, [this] { copyFrames(CopyFormat::PrettyJson); });
    json->setEnabled(havePayload && r->opcode != OpBinary && !prettyJson(r->payload).isEmpty());
    menu->addAction(m_copyAction);
    menu->addAction(tr("Copy rows as JSON Lines"), this,
                    [this] { copyFrames(CopyFormat::JsonLines); });
    menu->addSeparator();
    menu->addAction(m_loadAction);
    return menu;
}

QMenu *MainWindow::createConnectionMenu()
{
    auto *menu = new QMenu(this);
    const bool any = m_connectionView->selectionModel()->hasSelection();
    menu->addAction(tr("Copy URL"), this, [this] { copyConnections(false); })->setEnabled(any);
    menu->addAction(tr("Copy handshake headers"), this, [this] { copyConnections(true); })
        ->setEnabled(any);
    menu->addSeparator();
    QMenu *run = menu->addMenu(tr("Run scenario"));
    run->setToolTipsVisible(true);
    const QList<int> fds = selectedFds();
    for (const Scenario &scenario : scenarioCatalog()) {
        const QString name = scenario.name;
        QAction *a = run->addAction(name, this, [this, name] {
            m_scenarioPanel->selectScenario(name);
            m_rightTabs->setCurrentWidget(m_scenarioPanel);
            m_scenarioPanel->runAction()->trigger();
        });
        a->setToolTip(scenario.description);
    }
    // Enabled for one live, established connection with no scenario; otherwise says why.
    m_scenarioPanel->setSelectedFd(!showingImport() && fds.size() == 1 ? fds.first() : 0);
    const QString reason =
        fds.size() > 1 ? tr("Select one connection") : m_scenarioPanel->runReason();
    run->setEnabled(reason.isEmpty());
    if (!run->isEnabled())
        run->setTitle(tr("Run scenario (%1)").arg(reason));
    menu->addSeparator();
    menu->addAction(m_followSelection);
    return menu;
}

QMenu *MainWindow::createHeaderMenu(QTableView *view)
{
    auto *menu = new QMenu(this);
    QHeaderView *header = view->horizontalHeader();
    int visible = 0;
    for (int col = 0; col < header->count(); ++col)
        visible += header->isSectionHidden(col) ? 0 : 1;
    for (int col = 0; col < header->count(); ++col) {
        const QString name = view->model()->headerData(col, Qt::Horizontal).toString();
        QAction *a = menu->addAction(name);
        a->setCheckable(true);
        a->setChecked(!header->isSectionHidden(col));
        a->setEnabled(header->isSectionHidden(col) || visible > 1); // keep one column
        connect(a, &QAction::toggled, view, [view, col](bool on) {
            view->setColumnHidden(col, !on);
            if (on && view->columnWidth(col) < 20)
                view->setColumnWidth(col, 80);
        });
    }
    return menu;
}

void MainWindow::setPaused(bool paused)
{
    if (paused == isPaused())
        return;
    if (paused) {
        m_viewLog->flush();
        const int last = m_viewLog->rowCount() - 1;
        m_filter->pauseAfter(last >= 0 ? m_viewLog->entry(last)->seq : 0);
        m_pausedRows = 0;
    } else {
        m_filter->resume();
        m_pausedRows = 0;
        if (m_autoscroll->isChecked())
            m_frameView->scrollToBottom();
    }
    if (m_pauseAction->isChecked() != paused)
        m_pauseAction->setChecked(paused);
    m_pauseAction->setText(paused ? tr("Resume") : tr("Pause"));
    m_pauseAction->setIcon(
        style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    updateStatusBar();
}

bool MainWindow::isPaused() const
{
    return m_filter->paused();
}

// A run was selected in the scenarios tab: its connection is selected and the frame log
// shows that connection's frames only.
void MainWindow::showRunFrames(int fd)
{
    if (showingImport())
        backToLive();
    const int row = m_connections->rowForFd(fd);
    if (row >= 0) {
        m_connectionView->selectRow(row);
        m_connectionView->scrollTo(m_connections->index(row, 0));
    }
    if (!m_followSelection->isChecked())
        m_fdFilter->setText(QString::number(fd));
    applyFilter();
}

} // namespace framescope
