#pragma once

#include "exportdialog.h"

#include "server/events.h"
#include "server/serveroptions.h"

#include <QHostAddress>
#include <QMainWindow>
#include <QPointer>

class QAction;
class QComboBox;
class QFrame;
class QLabel;
class QLineEdit;
class QMenu;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableView;
class QTimer;
class QToolButton;

namespace framescope {

class CloseInspector;
class CloseTracker;
class ConnectionModel;
class FrameFilterProxy;
class FrameLogModel;
class HandshakePanel;
class PayloadViewer;
class ScenarioPanel;
class ScenarioRunner;
class SendPanel;
class ServerControl;
class WebSocketServer;

// The inspector window: server controls, connections, the live frame log, payload viewer,
// close inspector and send panel. Talks to the server only through WebSocketServer's
// facade (which never blocks on I/O) and its queued event batches.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    enum class MessageMode { Echo, Silent, Broadcast };
    // What the copy actions put on the clipboard.
    enum class CopyFormat { Text, Hex, Base64, PrettyJson, JsonLines, Table };

    MainWindow(const QString &host, quint16 port, const ServerOptions &options,
               MessageMode mode = MessageMode::Echo, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts listening with the host and port in the toolbar; on failure the window shows
    // why and offers another port. Returns whether the server is listening.
    bool startServer();
    void stopServer();
    bool isListening() const;
    QString listeningUrl() const;
    void setServerOptions(const ServerOptions &options); // restarts a running server

    WebSocketServer *server() const { return m_server; }
    ConnectionModel *connectionModel() const { return m_connections; }
    FrameLogModel *frameLog() const { return m_log; }
    FrameFilterProxy *frameFilter() const { return m_filter; }
    CloseTracker *closeTracker() const { return m_closes; }
    CloseInspector *closeInspector() const { return m_closeInspector; }
    SendPanel *sendPanel() const { return m_sendPanel; }
    ScenarioRunner *scenarioRunner() const { return m_scenarios; }
    ScenarioPanel *scenarioPanel() const { return m_scenarioPanel; }
    QTabWidget *rightTabs() const { return m_rightTabs; }
    PayloadViewer *payloadViewer() const { return m_payloadViewer; }
    QTableView *connectionView() const { return m_connectionView; }
    QTableView *frameView() const { return m_frameView; }
    QSpinBox *portSpin() const { return m_portSpin; }
    QAction *startStopAction() const { return m_startStop; }
    QLineEdit *hostEdit() const { return m_hostEdit; }
    QString bannerText() const;
    bool bannerVisible() const;
    QPushButton *otherPortButton() const { return m_otherPortButton; }
    QString connectionDetailsText() const;
    // Frames per second over the last full second, as shown in the toolbar.
    qint64 framesPerSecond() const { return m_framesPerSecond; }

    // Opens a JSON Lines log as an imported session, shown on its own (rows numbered from 1,
    // its connections and closes) while live capture goes on; backToLive() shows live data.
    bool importLog(const QString &fileName, QString *error = nullptr);
    // The log shown (live or imported): every row, or only those the filter shows.
    bool exportLog(const QString &fileName, QString *error = nullptr,
                   ExportFormat format = ExportFormat::JsonLines, bool shownOnly = false);
    bool showingImport() const { return m_viewLog != m_log; }
    void backToLive();
    FrameLogModel *importedLog() const { return m_importLog; }
    ConnectionModel *importedConnections() const { return m_importConnections; }
    CloseTracker *importedCloses() const { return m_importCloses; }
    // What the views show now: the live models or the imported session's.
    FrameLogModel *shownLog() const { return m_viewLog; }
    ConnectionModel *shownConnections() const { return m_viewConnections; }
    QString countsText() const;

    // Copy and reuse (context menus, Edit menu, Ctrl+C). The payload formats use the
    // current frame (the reassembled, inflated message when the row ends one); JsonLines and
    // Table the selected rows. Returns what was copied (empty: nothing).
    QString copyFrames(CopyFormat format);
    QString copyConnections(bool handshake); // URL(s) or handshake heads of the selection
    bool loadIntoSendPanel();                // the current frame's payload
    // The menus the tables show on right click (the caller owns them).
    QMenu *createFrameMenu();
    QMenu *createConnectionMenu();
    QMenu *createHeaderMenu(QTableView *view);
    // The view: pause (the server goes on; held rows are counted), selected-connection
    // filter, search, time display.
    void setPaused(bool paused);
    bool isPaused() const;
    qint64 pausedRows() const { return m_pausedRows; }
    QAction *pauseAction() const { return m_pauseAction; }
    QAction *followSelectionAction() const { return m_followSelection; }
    QAction *regexAction() const { return m_regexAction; }
    QLineEdit *searchEdit() const { return m_textFilter; }
    QComboBox *timeModeCombo() const { return m_timeMode; }
    void showAbout();
    QString aboutText() const;
    QString importBarText() const;
    // Driving the server (mainwindowcontrol.cpp): message mode and handshake control, both
    // in force at once without a restart.
    ServerControl *serverControl() const { return m_control; }
    HandshakePanel *handshakePanel() const { return m_handshakePanel; }
    QComboBox *modeCombo() const { return m_modeCombo; }
    QTabWidget *lowerTabs() const { return m_lowerTabs; } // Send, Handshake
    void setMessageMode(MessageMode mode);
    MessageMode messageMode() const;
    QPushButton *backToLiveButton() const { return m_backToLive; }

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildToolBar();
    void buildCentral();
    void buildStatusBar();
    void buildMenuBar();
    void installHandlers(MessageMode mode);       // mainwindowcontrol.cpp
    void addModeSwitch(class QToolBar *bar);      // mainwindowcontrol.cpp
    void addHandshakeTab();                       // mainwindowcontrol.cpp
    void addServerControlMenu(QMenu *serverMenu); // mainwindowcontrol.cpp
    void saveViewState();
    QList<int> selectedFrameSourceRows() const;
    QList<int> selectedFds() const;
    void onEvents(const EventBatchPtr &batch);
    void onSecond();
    void updateServerStatus();
    void updateStatusBar();
    void updateConnectionDetails();
    void connectionSelectionChanged();
    void frameSelectionChanged();
    void showBanner(const QString &text, bool offerPorts);
    void openSettings();
    void chooseExport();
    void chooseImport();
    void applyFilter();
    void placeEmptyHint();
    void showModels(FrameLogModel *log, ConnectionModel *connections, CloseTracker *closes);
    void updateImportBar();
    void showRunFrames(int fd);

    WebSocketServer *m_server;
    ScenarioRunner *m_scenarios; // provoke scenarios on this server's connections
    ServerOptions m_options;
    ServerControl *m_control = nullptr;
    QComboBox *m_modeCombo = nullptr;
    HandshakePanel *m_handshakePanel = nullptr;
    QTabWidget *m_lowerTabs = nullptr;
    ConnectionModel *m_connections;
    FrameLogModel *m_log;
    FrameFilterProxy *m_filter;
    CloseTracker *m_closes;
    // The imported session (none until an import) and what the views show.
    FrameLogModel *m_importLog = nullptr;
    ConnectionModel *m_importConnections = nullptr;
    CloseTracker *m_importCloses = nullptr;
    FrameLogModel *m_viewLog;
    ConnectionModel *m_viewConnections;
    CloseTracker *m_viewCloses;
    qint64 m_liveRowsWhileImported = 0;
    QFrame *m_importBar = nullptr;
    QLabel *m_importLabel = nullptr;
    QPushButton *m_backToLive = nullptr;

    QLineEdit *m_hostEdit = nullptr;
    QSpinBox *m_portSpin = nullptr;
    QAction *m_startStop = nullptr;
    QLabel *m_statusDot = nullptr;
    QLabel *m_urlLabel = nullptr;
    QToolButton *m_copyUrl = nullptr;
    QLabel *m_countsLabel = nullptr;
    QAction *m_autoscroll = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_followSelection = nullptr;
    QAction *m_regexAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_copyAction = nullptr;
    QAction *m_loadAction = nullptr;
    QComboBox *m_timeMode = nullptr;
    qint64 m_pausedRows = 0;

    QFrame *m_banner = nullptr;
    QLabel *m_bannerLabel = nullptr;
    QPushButton *m_otherPortButton = nullptr;
    QPushButton *m_anyPortButton = nullptr;

    QTableView *m_connectionView = nullptr;
    QTableView *m_frameView = nullptr;
    QLabel *m_emptyHint = nullptr;
    QLineEdit *m_fdFilter = nullptr;
    QComboBox *m_opcodeFilter = nullptr;
    QComboBox *m_directionFilter = nullptr;
    QLineEdit *m_textFilter = nullptr;
    QTimer *m_textFilterTimer = nullptr;
    QTabWidget *m_rightTabs = nullptr;
    PayloadViewer *m_payloadViewer = nullptr;
    QPlainTextEdit *m_details = nullptr;
    CloseInspector *m_closeInspector = nullptr;
    SendPanel *m_sendPanel = nullptr;
    ScenarioPanel *m_scenarioPanel = nullptr;
    QLabel *m_logStatus = nullptr;

    QTimer *m_secondTimer = nullptr;
    QTimer *m_detailsTimer = nullptr;
    bool m_wasAtBottom = true;
    bool m_listening = false;
    bool m_restartPending = false; // new options wait for the old server to stop
    QString m_url;
    qint64 m_framesThisSecond = 0;
    qint64 m_framesPerSecond = 0;
    QString m_importedFile;
};

} // namespace framescope
