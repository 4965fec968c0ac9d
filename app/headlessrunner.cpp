#include "headlessrunner.h"
#include <QTextStream>
namespace framescope {
int runHeadless(const AppConfig &) { QTextStream(stderr) << "headless mode: not built yet\n"; return 1; }
}
