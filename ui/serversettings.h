#pragma once

#include "server/serveroptions.h"

#include <QSettings>
#include <QStringList>
#include <QVariant>

#include <functional>
#include <vector>

namespace framescope {

// One ServerOptions field described for the settings dialog and QSettings: the Swoole
// name (also the QSettings key), the command-line spelling, range and accessors.
struct OptionField
{
    enum class Type { Bool, Int, String };
    const char *name; // "websocket_compression"
    Type type;
    qint64 minimum;
    qint64 maximum;
    const char *label; // English, translated by the dialog
    const char *help;  // English tooltip
    std::function<QVariant(const ServerOptions &)> get;
    std::function<void(ServerOptions &, const QVariant &)> set;

    QString commandLineName() const; // "websocket-compression"
};

const std::vector<OptionField> &optionFields();

// Loads the saved options over `options`, leaving the fields named in `explicitOptions`
// (command-line spellings, as AppConfig::explicitOptions) untouched: the command line wins.
void loadServerOptions(QSettings &settings, ServerOptions &options,
                       const QStringList &explicitOptions = {});
void saveServerOptions(QSettings &settings, const ServerOptions &options);

} // namespace framescope
