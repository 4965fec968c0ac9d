#pragma once

#include "server/serveroptions.h"

#include <QDialog>
#include <QVector>

class QLabel;
class QSpinBox;

namespace framescope {

// Every server option with its Swoole name; applied when the server (re)starts.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    explicit SettingsDialog(const ServerOptions &options, int logCapacity,
                            QWidget *parent = nullptr);

    ServerOptions options() const;
    int logCapacity() const;

    void accept() override;

private:
    QVector<QWidget *> m_editors; // parallel to optionFields()
    QSpinBox *m_logCapacity;
    QLabel *m_error;
};

} // namespace framescope
