#pragma once

#include <QDialog>

class QRadioButton;

namespace framescope {

enum class ExportFormat { JsonLines, Har };

// Export's choices before the file name: the format (JSON Lines, HAR 1.2) and the rows
// (all, or only those the filter shows).
class ExportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportDialog)

public:
    ExportDialog(int allRows, int shownRows, QWidget *parent = nullptr);

    ExportFormat format() const;
    void setFormat(ExportFormat format);
    bool shownOnly() const;
    void setShownOnly(bool shownOnly);
    // "framescope-….jsonl" / ".har" and the file dialog's filter for the chosen format.
    QString suggestedFileName() const;
    QString fileFilter() const;

private:
    QRadioButton *m_jsonLines;
    QRadioButton *m_har;
    QRadioButton *m_allRows;
    QRadioButton *m_shownRows;
};

} // namespace framescope
