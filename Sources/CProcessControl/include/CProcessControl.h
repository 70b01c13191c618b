#ifndef FANOUT_CPROCESSCONTROL_H
#define FANOUT_CPROCESSCONTROL_H

/// Makes this process a child subreaper (Linux): orphaned descendants are re-parented to it, so
/// a tool's grandchildren can be found and reaped. Returns 0, or -1 with errno set (or where the
/// system has no subreapers).
int fanout_become_child_subreaper(void);

#endif
