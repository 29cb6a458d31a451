// nghttp2 imports whole into Swift; the shim only fixes the include path in one place.
#ifndef GCSCP_CNGHTTP2_SHIM_H
#define GCSCP_CNGHTTP2_SHIM_H
#include <nghttp2/nghttp2.h>
#endif
