#include "guirunner.h"
#include <QTextStream>
namespace framescope {
int runGui(const AppConfig &)
{
    QTextStream(stderr) << "GUI: not built yet\n";
    return 1;
}
} // namespace framescope
