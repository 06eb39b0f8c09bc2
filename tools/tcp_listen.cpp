#include "tcp_listen.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace gowasm::tools {

std::variant<int, std::string> tcp_listen(std::string_view address) {
  const size_t colon = address.rfind(':');
  if (colon == std::string_view::npos) return std::string("expected HOST:PORT");
  std::string host(address.substr(0, colon));
  const std::string_view port_text = address.substr(colon + 1);
  unsigned port = 0;
  const auto [end, error] = std::from_chars(port_text.begin(), port_text.end(), port);
  if (port_text.empty() || error != std::errc() || end != port_text.end() || port > 65535) {
    return std::string("the port must be a number from 0 to 65535");
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  // Numeric addresses (and localhost) only: no name service, which a
  // statically linked gowasm-run could not load.
  sockaddr_storage storage{};
  socklen_t size;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
  if (host.empty() || host == "localhost" ||
      ::inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(uint16_t(port));
    if (host.empty()) v4->sin_addr.s_addr = htonl(INADDR_ANY);
    if (host == "localhost") v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    size = sizeof(sockaddr_in);
  } else if (::inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(uint16_t(port));
    size = sizeof(sockaddr_in6);
  } else {
    return "'" + host + "' is not an IP address (or localhost)";
  }
  const int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::string(std::strerror(errno));
  const int on = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);  // a restart may reuse the port
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&storage), size) != 0 ||
      ::listen(fd, SOMAXCONN) != 0) {
    const std::string reason = std::strerror(errno);
    ::close(fd);
    return reason;
  }
  return fd;
}

}  // namespace gowasm::tools
