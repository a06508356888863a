// glibc's malloc_trim, which Swift's Glibc module does not export: the PlanWire server
// returns free heap memory to the system after a connection closes (PROTOCOL.md §14).
#if defined(__linux__)
#include <malloc.h>
#endif
