// Linux headers that the toolchain's Glibc module leaves out: epoll, eventfd, TCP options, prctl.
// Only Transport imports this, and none of its types appear in Transport's public API.
#ifndef GCSCP_CLINUX_SHIM_H
#define GCSCP_CLINUX_SHIM_H
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <netinet/tcp.h>
#include <sys/prctl.h>

// Names the calling thread (15 bytes at most) for ps and debuggers; prctl is variadic, so Swift cannot call it.
static inline void gcscp_set_thread_name(const char *name) {
    prctl(PR_SET_NAME, name, 0, 0, 0);
}
#endif
