#include "exportdialog.h"

#include <QButtonGroup>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace framescope {

ExportDialog::ExportDialog(int allRows, int shownRows, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Export frame log"));
    auto *layout = new QVBoxLayout(this);

    auto *formatBox = new QGroupBox(tr("Format"), this);
    auto *formatLayout = new QVBoxLayout(formatBox);
    m_jsonLines = new QRadioButton(tr("JSON Lines: one event per line, as the headless log "
                                      "writes it; Import reads it back"),
                                   formatBox);
    m_har = new QRadioButton(tr("HAR 1.2 with WebSocket messages: one entry per connection, "
                                "opens in browser DevTools and HAR viewers"),
                             formatBox);
    m_jsonLines->setChecked(true);
    formatLayout->addWidget(m_jsonLines);
    formatLayout->addWidget(m_har);
    layout->addWidget(formatBox);

    auto *rowsBox = new QGroupBox(tr("Rows"), this);
    auto *rowsLayout = new QVBoxLayout(rowsBox);
    const QLocale locale;
    m_allRows = new QRadioButton(tr("All rows (%1)").arg(locale.toString(allRows)), rowsBox);
    m_shownRows = new QRadioButton(
        tr("Only the rows shown by the filter (%1)").arg(locale.toString(shownRows)), rowsBox);
    const bool filtered = shownRows != allRows;
    m_shownRows->setEnabled(filtered);
    if (!filtered)
        m_shownRows->setToolTip(tr("The filter shows every row"));
    (filtered ? m_shownRows : m_allRows)->setChecked(true);
    rowsLayout->addWidget(m_allRows);
    rowsLayout->addWidget(m_shownRows);
    layout->addWidget(rowsBox);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export…"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

ExportFormat ExportDialog::format() const
{
    return m_har->isChecked() ? ExportFormat::Har : ExportFormat::JsonLines;
}

void ExportDialog::setFormat(ExportFormat format)
{
    (format == ExportFormat::Har ? m_har : m_jsonLines)->setChecked(true);
}

bool ExportDialog::shownOnly() const
{
    return m_shownRows->isChecked();
}

void ExportDialog::setShownOnly(bool shownOnly)
{
    if (m_shownRows->isEnabled())
        (shownOnly ? m_shownRows : m_allRows)->setChecked(true);
}

QString ExportDialog::suggestedFileName() const
{
    return QStringLiteral("framescope-%1.%2")
        .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")),
             format() == ExportFormat::Har ? QStringLiteral("har") : QStringLiteral("jsonl"));
}

QString ExportDialog::fileFilter() const
{
    return format() == ExportFormat::Har ? tr("HTTP Archive (*.har);;All files (*)")
                                         : tr("JSON Lines (*.jsonl *.ndjson);;All files (*)");
}

} // namespace framescope
