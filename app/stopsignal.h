#pragma once

// "Stop now" from outside: SIGINT/SIGTERM on POSIX (a self-pipe, since a signal handler may
// only write a byte), Ctrl+C / Ctrl+Break / console close on Windows. Delivered as the
// signal requested() in the thread that created the object.

#include <QObject>

class QSocketNotifier;

namespace framescope {

class StopSignal final : public QObject
{
    Q_OBJECT

public:
    StopSignal();
    ~StopSignal() override;
    // Installs the handlers; false with the reason when it cannot.
    bool install(QString *error);

Q_SIGNALS:
    void requested();

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace framescope
