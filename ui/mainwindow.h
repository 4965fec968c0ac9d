#pragma once

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
class PayloadViewer;
class SendPanel;
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

    bool importLog(const QString &fileName, QString *error = nullptr);
    bool exportLog(const QString &fileName, QString *error = nullptr);

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildToolBar();
    void buildCentral();
    void buildStatusBar();
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

    WebSocketServer *m_server;
    ServerOptions m_options;
    MessageMode m_mode;
    ConnectionModel *m_connections;
    FrameLogModel *m_log;
    FrameFilterProxy *m_filter;
    CloseTracker *m_closes;

    QLineEdit *m_hostEdit = nullptr;
    QSpinBox *m_portSpin = nullptr;
    QAction *m_startStop = nullptr;
    QLabel *m_statusDot = nullptr;
    QLabel *m_urlLabel = nullptr;
    QToolButton *m_copyUrl = nullptr;
    QLabel *m_countsLabel = nullptr;
    QAction *m_autoscroll = nullptr;

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
