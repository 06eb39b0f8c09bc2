// Sockets: sock_accept, sock_recv, sock_send and sock_shutdown, and reads
// and writes of a socket with fd_read and fd_write. Preview 1 has no way to
// create, bind or connect one: a WASI program gets listening sockets from
// its host (ProgramOptions::sockets, gowasm-run --listen), preopened after
// the directories, and the connections it accepts from them.
//
// Every host socket is non-blocking, so that no call blocks the one thread
// that runs the guest beyond what the guest asked for: a guest that wants
// blocking calls (the default, fdflags without nonblock) waits in
// wait_for, in short slices that an interrupt (--timeout, SIGINT) ends.
#include <poll.h>
#include <sys/socket.h>

#include "wasi_call.h"

namespace gowasm::wasi {
namespace {

// witx riflags, roflags, siflags (none) and sdflags.
constexpr uint16_t kRecvPeek = 1, kRecvWaitall = 2;
constexpr uint16_t kRecvDataTruncated = 1;
constexpr uint8_t kShutRd = 1, kShutWr = 2;

// `buffers` without their first `skip` bytes.
std::vector<iovec> after(const std::vector<iovec>& buffers, size_t skip) {
  std::vector<iovec> rest;
  for (const iovec& b : buffers) {
    if (skip >= b.iov_len) {
      skip -= b.iov_len;
      continue;
    }
    rest.push_back({static_cast<uint8_t*>(b.iov_base) + skip, b.iov_len - skip});
    skip = 0;
  }
  return rest;
}

}  // namespace

void WasiHost::wait_for(int host, short events) {
  pollfd p{host, events, 0};
  poll_until(std::span(&p, 1), std::nullopt);  // ready, or an error the retried call reports
}

uint64_t WasiHost::socket_io(const Descriptor& d, const std::vector<iovec>& buffers, bool write,
                             int flags, int* message_flags) {
  if (buffers.empty()) return 0;
  const bool waitall = flags & MSG_WAITALL;
  flags = (flags & ~MSG_WAITALL) | MSG_DONTWAIT | (write ? MSG_NOSIGNAL : 0);
  size_t capacity = 0;
  for (const iovec& b : buffers) capacity += b.iov_len;
  uint64_t done = 0;
  for (;;) {
    std::vector<iovec> rest = after(buffers, done);
    msghdr m{};
    m.msg_iov = rest.data();
    m.msg_iovlen = rest.size();
    const ssize_t n = write ? ::sendmsg(d.host, &m, flags) : ::recvmsg(d.host, &m, flags);
    if (n > 0 || (n == 0 && !write)) {
      done += uint64_t(n);
      if (message_flags) *message_flags = m.msg_flags;
      // MSG_WAITALL: on until the buffers are full or the stream ends.
      if (!waitall || n == 0 || done == capacity) return done;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    const bool would_block = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    if (!would_block) throw std::system_error(errno, std::generic_category());
    if (done > 0) return done;  // WAITALL interrupted by nothing more yet: what came
    if (d.fdflags & kFdflagNonblock) throw Failed{kAgain};
    wait_for(d.host, write ? POLLOUT : POLLIN);
  }
}

Errno WasiHost::sock_accept(Call& call) {
  const uint32_t flags = call.u32(1), out = call.u32(2);
  call.at(out, 4);
  const Descriptor& listener = descriptor(call.u32(0));
  if (flags & ~uint32_t(kFdflagNonblock)) return kInval;
  int connection;
  for (;;) {
    connection = ::accept4(listener.host, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (connection >= 0) break;
    if (errno == EINTR) continue;
    if ((errno != EAGAIN && errno != EWOULDBLOCK) || (listener.fdflags & kFdflagNonblock)) {
      return from_host_errno(errno);
    }
    wait_for(listener.host, POLLIN);
  }
  Descriptor d;
  d.kind = Descriptor::Kind::Socket;
  d.host = connection;
  d.fdflags = uint16_t(flags);
  d.rights_base = kSocketRights;
  call.put<uint32_t>(out, add_descriptor(std::move(d)));
  return kSuccess;
}

Errno WasiHost::sock_recv(Call& call) {
  const uint32_t iovs = call.u32(1), count = call.u32(2), flags = call.u32(3),
                 out_length = call.u32(4), out_flags = call.u32(5);
  call.at(iovs, uint64_t(count) * kIovecSize);
  call.at(out_length, 4);
  call.at(out_flags, 2);
  const Descriptor& d = descriptor(call.u32(0));
  if (d.kind != Descriptor::Kind::Socket) return kNotsock;
  if (flags & ~uint32_t(kRecvPeek | kRecvWaitall)) return kInval;
  int message_flags = 0;
  const uint64_t n =
      socket_io(d, call.iovecs(iovs, count), false,
                (flags & kRecvPeek ? MSG_PEEK : 0) | (flags & kRecvWaitall ? MSG_WAITALL : 0),
                &message_flags);
  call.put<uint32_t>(out_length, uint32_t(n));
  call.put<uint16_t>(out_flags, message_flags & MSG_TRUNC ? kRecvDataTruncated : 0);
  return kSuccess;
}

Errno WasiHost::sock_send(Call& call) {
  const uint32_t iovs = call.u32(1), count = call.u32(2), flags = call.u32(3), out = call.u32(4);
  call.at(iovs, uint64_t(count) * kIovecSize);
  call.at(out, 4);
  const Descriptor& d = descriptor(call.u32(0));
  if (d.kind != Descriptor::Kind::Socket) return kNotsock;
  if (flags != 0) return kInval;  // siflags has none
  call.put<uint32_t>(out, uint32_t(socket_io(d, call.iovecs(iovs, count), true, 0)));
  return kSuccess;
}

Errno WasiHost::sock_shutdown(Call& call) {
  const uint32_t how = call.u32(1);
  const Descriptor& d = descriptor(call.u32(0));
  if (how == 0 || how > (kShutRd | kShutWr)) return kInval;
  const int host_how = how == kShutRd ? SHUT_RD : how == kShutWr ? SHUT_WR : SHUT_RDWR;
  checked(::shutdown(d.host, host_how));
  return kSuccess;
}

}  // namespace gowasm::wasi
