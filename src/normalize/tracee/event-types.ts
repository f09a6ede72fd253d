// Tracee event names -> Vigil runtime event types. Events not listed are valid Tracee output that
// Vigil does not use: they are skipped and counted, not rejected.

import type { RuntimeEventType } from '../../core/runtime-event.js';

export const TRACEE_EVENTS: Readonly<Record<string, RuntimeEventType>> = {
  sched_process_exec: 'process_exec',
  sched_process_exit: 'process_exit',
  security_file_open: 'file_open',
  magic_write: 'file_write',
  vfs_write: 'file_write',
  security_inode_rename: 'file_rename',
  security_inode_unlink: 'file_unlink',
  shared_object_loaded: 'library_load',
  memfd_create: 'memfd_create',
  net_packet_dns_request: 'dns_request',
  security_socket_connect: 'network_connect',
  security_socket_accept: 'network_accept',
  security_sb_mount: 'mount',
  ptrace: 'ptrace',
  process_vm_writev: 'process_vm_write',
  init_module: 'module_load',
  finit_module: 'module_load',
  module_load: 'module_load',
  setuid: 'setuid',
  setreuid: 'setuid',
  setresuid: 'setuid',
  userfaultfd: 'userfaultfd',
};

