#pragma once

#include <QHash>
#include <QWidget>

class QAction;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace framescope {

class ConnectionModel;
class ScenarioRunner;
struct ScenarioResult;

// The "Scenarios" tab: the catalog of provoke scenarios, a run on the selected connection,
// every run's verdict (also the ones started by ws://HOST:PORT/scenario/NAME URLs), its
// detail, and the report export (the same JSON / JUnit as GET /report).
class ScenarioPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScenarioPanel)

public:
    enum RunColumn { ColTime, ColFd, ColScenario, ColVerdict, ColExpected, ColObserved, ColCount };
    enum CatalogColumn { ColName, ColRfc, ColCategory, ColDescription };

    ScenarioPanel(ScenarioRunner *runner, ConnectionModel *connections, QWidget *parent = nullptr);

    // The connection a run would go to (0: none selected).
    void setSelectedFd(int fd);
    QAction *runAction() const { return m_runAction; }
    QTableWidget *catalogView() const { return m_catalog; }
    QTableWidget *runsView() const { return m_runs; }
    QString detailText() const;
    QString runReason() const; // why the run action is disabled (empty when enabled)
    bool selectScenario(const QString &name);
    bool runSelected(QString *error = nullptr);
    // .xml: JUnit XML, anything else: JSON.
    bool exportReport(const QString &fileName, QString *error = nullptr);

signals:
    void runSelectedFd(int fd); // a run was selected: show that connection's frames
    void message(const QString &text);

private:
    void addOrUpdate(const ScenarioResult &result);
    void updateRunAction();
    void runSelectionChanged();
    void chooseExport();

    ScenarioRunner *m_runner;
    ConnectionModel *m_connections;
    int m_fd = 0;
    QHash<int, int> m_rowOfId; // run id -> row of m_runs
    QString m_reason;
    QTableWidget *m_catalog;
    QTableWidget *m_runs;
    QPlainTextEdit *m_detail;
    QLabel *m_reasonLabel;
    QAction *m_runAction;
    QPushButton *m_exportButton;
};

} // namespace framescope
