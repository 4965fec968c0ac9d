#include "scenariopanel.h"

#include "connectionmodel.h"
#include "headerfit.h"

#include "server/events.h"
#include "server/scenarios.h"

#include <QAction>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace framescope {

namespace {

enum { DetailRole = Qt::UserRole + 1, FdRole, IdRole };

QTableWidget *makeTable(QWidget *parent, const QStringList &headers)
{
    auto *table = new QTableWidget(0, int(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->setVisible(false);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(false);
    return table;
}

QString verdictText(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Pending:
        return ScenarioPanel::tr("running");
    case Verdict::Pass:
        return ScenarioPanel::tr("pass");
    case Verdict::Fail:
        return ScenarioPanel::tr("fail");
    case Verdict::Informational:
        return ScenarioPanel::tr("informational");
    }
    return {};
}

QColor verdictColor(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Pass:
        return QColor(0x1b, 0x8a, 0x3a);
    case Verdict::Fail:
        return QColor(0xc6, 0x28, 0x28);
    case Verdict::Informational:
        return QColor(0x1e, 0x63, 0xb5);
    case Verdict::Pending:
        break;
    }
    return QColor(0x80, 0x80, 0x80);
}

} // namespace

ScenarioPanel::ScenarioPanel(ScenarioRunner *runner, ConnectionModel *connections, QWidget *parent)
    : QWidget(parent), m_runner(runner), m_connections(connections)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setChildrenCollapsible(false);

    m_catalog = makeTable(
        split, {tr("Scenario"), tr("RFC section"), tr("Category"), tr("What the server does")});
    m_catalog->setObjectName(QStringLiteral("scenarioCatalog"));
    m_catalog->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    for (const Scenario &s : scenarioCatalog()) {
        const int row = m_catalog->rowCount();
        m_catalog->insertRow(row);
        const QString tip = tr("%1 (%2)\n\n%3\n\nExpected: %4\nTimeout: %5 ms")
                                .arg(s.name, s.rfc, s.description, s.expectation)
                                .arg(s.timeoutMs);
        const QStringList cells{s.name, s.rfc, s.category, s.description};
        for (int col = 0; col < cells.size(); ++col) {
            auto *item = new QTableWidgetItem(cells.at(col));
            item->setToolTip(tip);
            m_catalog->setItem(row, col, item);
        }
    }
    // Name, RFC section and category are short: always whole, the RFC section next to the
    // name so that the narrow tab shows both (as the stretched last column a narrow window
    // cut it). The description stretches, elided, whole in the tooltip.
    for (int col = ColName; col <= ColCategory; ++col)
        m_catalog->resizeColumnToContents(col);
    fitSectionsToLabels(m_catalog->horizontalHeader());
    if (m_catalog->rowCount() > 0)
        m_catalog->selectRow(0);

    auto *middle = new QWidget(split);
    auto *middleLayout = new QVBoxLayout(middle);
    middleLayout->setContentsMargins(0, 0, 0, 0);
    auto *buttons = new QHBoxLayout;
    m_runAction = new QAction(tr("Run on selected connection"), this);
    m_runAction->setObjectName(QStringLiteral("runScenario"));
    connect(m_runAction, &QAction::triggered, this, [this] {
        QString error;
        if (!runSelected(&error))
            emit message(error);
    });
    auto *runButton = new QToolButton(middle);
    runButton->setDefaultAction(m_runAction);
    runButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    buttons->addWidget(runButton);
    m_reasonLabel = new QLabel(middle);
    m_reasonLabel->setWordWrap(true);
    buttons->addWidget(m_reasonLabel, 1);
    m_exportButton = new QPushButton(tr("Export report…"), middle);
    m_exportButton->setToolTip(tr("Every verdict so far as JSON or JUnit XML (as GET /report)"));
    connect(m_exportButton, &QPushButton::clicked, this, &ScenarioPanel::chooseExport);
    buttons->addWidget(m_exportButton);
    middleLayout->addLayout(buttons);

    m_runs = makeTable(middle, {tr("Time"), tr("fd"), tr("Scenario"), tr("Verdict"), tr("Expected"),
                                tr("Client did")});
    m_runs->setObjectName(QStringLiteral("scenarioRuns"));
    middleLayout->addWidget(m_runs, 1);

    m_detail = new QPlainTextEdit(split);
    m_detail->setReadOnly(true);
    m_detail->setPlaceholderText(tr("Select a run to see its verdict in detail and its "
                                    "connection's frames in the log"));
    split->addWidget(m_catalog);
    split->addWidget(middle);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 2);
    split->setStretchFactor(2, 1);
    layout->addWidget(split);

    connect(m_catalog->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ScenarioPanel::updateRunAction);
    connect(m_runs->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ScenarioPanel::runSelectionChanged);
    connect(m_connections, &ConnectionModel::connectionChanged, this, [this](int fd) {
        if (fd == m_fd)
            updateRunAction();
    });
    connect(m_connections, &QAbstractItemModel::modelReset, this, &ScenarioPanel::updateRunAction);
    if (m_runner) {
        connect(m_runner, &ScenarioRunner::runStarted, this, [this](const ScenarioResult &r) {
            addOrUpdate(r);
            updateRunAction();
        });
        connect(m_runner, &ScenarioRunner::runFinished, this, [this](const ScenarioResult &r) {
            addOrUpdate(r);
            updateRunAction();
        });
    }
    updateRunAction();
}

void ScenarioPanel::setSelectedFd(int fd)
{
    m_fd = fd;
    updateRunAction();
}

QString ScenarioPanel::detailText() const
{
    return m_detail->toPlainText();
}

QString ScenarioPanel::runReason() const
{
    return m_reason;
}

bool ScenarioPanel::selectScenario(const QString &name)
{
    for (int row = 0; row < m_catalog->rowCount(); ++row) {
        if (m_catalog->item(row, 0)->text() == name) {
            m_catalog->selectRow(row);
            return true;
        }
    }
    return false;
}

void ScenarioPanel::updateRunAction()
{
    const ConnectionRecord *c = m_fd > 0 ? m_connections->recordForFd(m_fd) : nullptr;
    const int row = m_catalog->currentRow();
    if (!m_runner)
        m_reason = tr("Scenarios are not available");
    else if (row < 0)
        m_reason = tr("Select a scenario");
    else if (!c)
        m_reason = tr("Select a connection");
    else if (c->closed())
        m_reason = tr("fd %1 is closed").arg(m_fd);
    else if (!c->websocket || c->status != StatusActive)
        m_reason = tr("fd %1 is not an established WebSocket connection").arg(m_fd);
    else if (m_runner->owns(m_fd))
        m_reason = tr("fd %1 already runs or ran a scenario").arg(m_fd);
    else
        m_reason.clear();
    m_runAction->setEnabled(m_reason.isEmpty());
    m_runAction->setToolTip(
        m_reason.isEmpty() ? tr("Run %1 on fd %2").arg(m_catalog->item(row, 0)->text()).arg(m_fd)
                           : m_reason);
    m_reasonLabel->setText(m_reason);
}

bool ScenarioPanel::runSelected(QString *error)
{
    updateRunAction();
    if (!m_reason.isEmpty()) {
        if (error)
            *error = m_reason;
        return false;
    }
    const QString name = m_catalog->item(m_catalog->currentRow(), 0)->text();
    QString why;
    if (!m_runner->start(m_fd, name, QString(), &why)) {
        if (error)
            *error = tr("%1 did not start on fd %2: %3").arg(name).arg(m_fd).arg(why);
        updateRunAction();
        return false;
    }
    updateRunAction();
    return true;
}

void ScenarioPanel::addOrUpdate(const ScenarioResult &r)
{
    int row = m_rowOfId.value(r.id, -1);
    if (row < 0) {
        row = m_runs->rowCount();
        m_runs->insertRow(row);
        m_rowOfId.insert(r.id, row);
    }
    const QString time =
        QDateTime::fromMSecsSinceEpoch(r.startedUs / 1000).toString(QStringLiteral("HH:mm:ss"));
    const QStringList cells{
        time, QString::number(r.fd), r.name, verdictText(r.verdict), r.expected, r.observed};
    QString detail = tr("%1 on fd %2%3 (%4)\nVerdict: %5\nExpected: %6\nClient did: %7")
                         .arg(r.name)
                         .arg(r.fd)
                         .arg(r.agent.isEmpty() ? QString() : tr(", agent %1").arg(r.agent))
                         .arg(r.rfc, verdictText(r.verdict), r.expected,
                              r.observed.isEmpty() ? tr("nothing yet") : r.observed);
    if (!r.detail.isEmpty())
        detail += QLatin1Char('\n') + r.detail;
    if (r.verdict != Verdict::Pending)
        detail += QLatin1Char('\n') + tr("Duration: %1 ms").arg(r.durationMs);
    for (int col = 0; col < cells.size(); ++col) {
        auto *item = new QTableWidgetItem(cells.at(col));
        item->setData(DetailRole, detail);
        item->setData(FdRole, r.fd);
        item->setData(IdRole, r.id);
        item->setToolTip(col >= ColExpected ? cells.at(col) : detail);
        if (col == ColVerdict) {
            item->setForeground(verdictColor(r.verdict));
            QFont bold = item->font();
            bold.setBold(true);
            item->setFont(bold);
        }
        m_runs->setItem(row, col, item);
    }
    // Narrow columns first, so that expected / client did are visible without scrolling.
    for (int col = ColTime; col <= ColVerdict; ++col)
        m_runs->resizeColumnToContents(col);
    if (row == m_runs->currentRow())
        runSelectionChanged();
    else if (m_runs->currentRow() < 0)
        m_runs->scrollToItem(m_runs->item(row, 0));
}

void ScenarioPanel::runSelectionChanged()
{
    const int row = m_runs->currentRow();
    QTableWidgetItem *item = row >= 0 ? m_runs->item(row, 0) : nullptr;
    if (!item) {
        m_detail->clear();
        return;
    }
    m_detail->setPlainText(item->data(DetailRole).toString());
    emit runSelectedFd(item->data(FdRole).toInt());
}

bool ScenarioPanel::exportReport(const QString &fileName, QString *error)
{
    const QList<ScenarioResult> results = m_runner ? m_runner->results() : QList<ScenarioResult>();
    const bool junit = fileName.endsWith(QLatin1String(".xml"), Qt::CaseInsensitive);
    const QByteArray data =
        junit ? ScenarioRunner::reportJUnit(results) : ScenarioRunner::reportJson(results);
    QFile file(fileName);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(data) != data.size()) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(fileName, file.errorString());
        return false;
    }
    return true;
}

void ScenarioPanel::chooseExport()
{
    QString selected;
    const QString fileName = QFileDialog::getSaveFileName(
        this, tr("Export scenario report"), QStringLiteral("framescope-report.json"),
        tr("JSON report (*.json);;JUnit XML (*.xml)"), &selected);
    if (fileName.isEmpty())
        return;
    QString target = fileName;
    if (QFileInfo(target).suffix().isEmpty())
        target += selected.contains(QLatin1String("*.xml")) ? QStringLiteral(".xml")
                                                            : QStringLiteral(".json");
    QString error;
    if (exportReport(target, &error))
        emit message(tr("Report written to %1").arg(target));
    else
        emit message(error);
}

} // namespace framescope
