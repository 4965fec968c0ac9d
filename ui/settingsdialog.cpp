#include "settingsdialog.h"

#include "serversettings.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QWheelEvent>

namespace framescope {

namespace {
QString trOption(const char *text)
{
    return QCoreApplication::translate("ServerOption", text);
}

// A spin box in a scrolled form: the wheel scrolls the dialog unless the box has focus
// (clicked or tabbed into), so scrolling past it never changes a value unnoticed.
template <typename Spin> class FocusWheelSpin final : public Spin
{
public:
    explicit FocusWheelSpin(QWidget *parent) : Spin(parent)
    {
        this->setFocusPolicy(Qt::StrongFocus);
    }

protected:
    void wheelEvent(QWheelEvent *event) override
    {
        if (this->hasFocus())
            Spin::wheelEvent(event);
        else
            event->ignore(); // to the scroll area
    }
};
} // namespace

SettingsDialog::SettingsDialog(const ServerOptions &options, int logCapacity, QWidget *parent)
    : QDialog(parent), m_base(options)
{
    setWindowTitle(tr("Server settings"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Options use the names of Swoole's WebSocket\\Server::set(). "
                                "They apply when the server starts; a running server restarts."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *content = new QWidget(scroll);
    auto *form = new QFormLayout(content);
    for (const OptionField &f : optionFields()) {
        QWidget *editor = nullptr;
        const QVariant value = f.get(options);
        switch (f.type) {
        case OptionField::Type::Bool: {
            auto *box = new QCheckBox(content);
            box->setChecked(value.toBool());
            editor = box;
            break;
        }
        case OptionField::Type::Int: {
            // QSpinBox is int only; 64-bit sizes use a double spin box with no decimals.
            if (f.maximum > std::numeric_limits<int>::max()) {
                auto *spin = new FocusWheelSpin<QDoubleSpinBox>(content);
                spin->setDecimals(0);
                spin->setRange(double(f.minimum), double(f.maximum));
                spin->setValue(double(value.toLongLong()));
                spin->setGroupSeparatorShown(true);
                editor = spin;
            } else {
                auto *spin = new FocusWheelSpin<QSpinBox>(content);
                spin->setRange(int(f.minimum), int(f.maximum));
                spin->setValue(value.toInt());
                spin->setGroupSeparatorShown(true);
                editor = spin;
            }
            break;
        }
        case OptionField::Type::String: {
            auto *edit = new QLineEdit(content);
            edit->setText(value.toString());
            editor = edit;
            break;
        }
        }
        editor->setObjectName(QString::fromLatin1(f.name));
        editor->setToolTip(trOption(f.help));
        auto *label =
            new QLabel(QStringLiteral("%1<br/><small><tt>%2</tt></small>")
                           .arg(trOption(f.label).toHtmlEscaped(), QString::fromLatin1(f.name)),
                       content);
        label->setToolTip(trOption(f.help));
        form->addRow(label, editor);
        m_editors.push_back(editor);
    }
    m_logCapacity = new FocusWheelSpin<QSpinBox>(content);
    m_logCapacity->setRange(1000, 10000000);
    m_logCapacity->setSingleStep(10000);
    m_logCapacity->setGroupSeparatorShown(true);
    m_logCapacity->setValue(logCapacity);
    m_logCapacity->setToolTip(tr("Rows kept in the frame log; the oldest are dropped in bulk"));
    form->addRow(tr("Frame log rows"), m_logCapacity);
    scroll->setWidget(content);
    layout->addWidget(scroll, 1);

    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    layout->addWidget(m_error);
    auto *buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            [this] {
                const ServerOptions defaults = ServerOptions::appDefaults();
                for (size_t i = 0; i < optionFields().size(); ++i) {
                    const QVariant value = optionFields()[i].get(defaults);
                    QWidget *editor = m_editors[int(i)];
                    if (auto *box = qobject_cast<QCheckBox *>(editor))
                        box->setChecked(value.toBool());
                    else if (auto *spin = qobject_cast<QSpinBox *>(editor))
                        spin->setValue(value.toInt());
                    else if (auto *dspin = qobject_cast<QDoubleSpinBox *>(editor))
                        dspin->setValue(double(value.toLongLong()));
                    else if (auto *edit = qobject_cast<QLineEdit *>(editor))
                        edit->setText(value.toString());
                }
            });
    layout->addWidget(buttons);
    resize(560, 640);
}

ServerOptions SettingsDialog::options() const
{
    ServerOptions options = m_base;
    for (size_t i = 0; i < optionFields().size(); ++i) {
        const OptionField &f = optionFields()[i];
        QWidget *editor = m_editors[int(i)];
        QVariant value;
        if (auto *box = qobject_cast<QCheckBox *>(editor))
            value = box->isChecked();
        else if (auto *spin = qobject_cast<QSpinBox *>(editor))
            value = spin->value();
        else if (auto *dspin = qobject_cast<QDoubleSpinBox *>(editor))
            value = qint64(dspin->value());
        else if (auto *edit = qobject_cast<QLineEdit *>(editor))
            value = edit->text();
        if (f.type == OptionField::Type::Int && f.get(options).typeId() == QMetaType::LongLong)
            value = QVariant(value.toLongLong());
        else if (f.type == OptionField::Type::Int)
            value = QVariant(value.toInt());
        f.set(options, value);
    }
    return options;
}

int SettingsDialog::logCapacity() const
{
    return m_logCapacity->value();
}

void SettingsDialog::accept()
{
    const QString problem = options().validate();
    if (!problem.isEmpty()) {
        m_error->setText(tr("Not saved: %1").arg(problem));
        return;
    }
    QDialog::accept();
}

} // namespace framescope
