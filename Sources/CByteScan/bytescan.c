// CByteScan is header-only (see include/CByteScan.h); SwiftPM wants a source file.
#include "CByteScan.h"
