#include "appconfig.h"

#include <QCommandLineParser>

namespace framescope {
// Interim: --help/--version only; the headless issue brings every option.
int parseCommandLine(const QStringList &arguments, AppConfig &config)
{
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption noGui(QStringLiteral("no-gui"), QStringLiteral("Run without a window."));
    parser.addOption(noGui);
    parser.process(arguments);
    config.noGui = parser.isSet(noGui);
    return -1;
}
} // namespace framescope
