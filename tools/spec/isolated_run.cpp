// The child reports each outcome as one line on a pipe as soon as it has it,
// unbuffered, so that whatever it reported before dying is kept, and the
// parent knows the command that hung or crashed: the one after the last
// report. That command is left out of every later child's replay.
#include "spec/isolated_run.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace gowasm::spec {
namespace {

// "INDEX STATUS DIFFERS DETAIL\n", with backslashes and newlines in DETAIL escaped.
std::string encode(size_t index, const Outcome& outcome) {
  std::string line = std::to_string(index) + ' ' + char('0' + int(outcome.status)) + ' ' +
                     (outcome.message_differs ? '1' : '0') + ' ';
  for (char c : outcome.detail) {
    if (c == '\\') {
      line += "\\\\";
    } else if (c == '\n') {
      line += "\\n";
    } else {
      line += c;
    }
  }
  return line + '\n';
}

// The inverse of encode(), for a line without its '\n'; throws on anything else.
size_t decode(std::string_view line, Outcome& outcome) {
  size_t space = line.find(' ');
  if (space == std::string_view::npos || line.size() < space + 5 || line[space + 2] != ' ' ||
      line[space + 4] != ' ')
    throw std::runtime_error("garbled report from the child process");
  const size_t index = std::stoul(std::string(line.substr(0, space)));
  outcome.status = Outcome::Status(line[space + 1] - '0');
  outcome.message_differs = line[space + 3] == '1';
  outcome.detail.clear();
  for (size_t i = space + 5; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size()) {
      outcome.detail += line[++i] == 'n' ? '\n' : line[i];
    } else {
      outcome.detail += line[i];
    }
  }
  return index;
}

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) _exit(3);  // the parent is gone; nobody would read more
    data.remove_prefix(size_t(written));
  }
}

[[noreturn]] void run_child(int fd, const std::filesystem::path& folder,
                            const JsonValue::Array& commands, const std::vector<bool>& abandoned) {
  ScriptRun run(folder);
  for (size_t i = 0; i < commands.size(); ++i) {
    if (abandoned[i]) {
      run.abandon(commands[i]);
      continue;
    }
    write_all(fd, encode(i, run.run(commands[i])));
  }
  // _exit, not exit: the parent's buffers and static objects are the parent's.
  _exit(0);
}

std::string death_text(int status) {
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    return "crashed the runner (signal " + std::to_string(signal) + ", " + strsignal(signal) + ")";
  }
  if (WIFEXITED(status))
    return "the runner's child process exited with status " + std::to_string(WEXITSTATUS(status)) +
           " during this command";
  return "the runner's child process stopped during this command";
}

}  // namespace

std::vector<Outcome> run_isolated(const std::filesystem::path& folder,
                                  const JsonValue::Array& commands, std::chrono::seconds timeout) {
  const size_t count = commands.size();
  std::vector<Outcome> outcomes(count);
  std::vector<bool> abandoned(count, false);
  size_t next = 0;  // the first command without an outcome
  while (next < count) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    // Whatever is buffered would otherwise be written twice, once by the child.
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
      close(fds[0]);
      run_child(fds[1], folder, commands, abandoned);
    }
    close(fds[1]);

    bool timed_out = false;
    size_t reported = 0;  // 1 + the index of the last command reported by this child
    std::string buffer;
    for (;;) {
      pollfd ready{fds[0], POLLIN, 0};
      const int polled = poll(&ready, 1, int(timeout.count() * 1000));
      if (polled < 0 && errno == EINTR) continue;
      if (polled == 0) {
        timed_out = true;
        kill(pid, SIGKILL);
        break;
      }
      char chunk[65536];
      const ssize_t got = polled < 0 ? -1 : read(fds[0], chunk, sizeof chunk);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) break;  // the child is done or dead
      buffer.append(chunk, size_t(got));
      for (size_t end; (end = buffer.find('\n')) != std::string::npos; buffer.erase(0, end + 1)) {
        Outcome outcome;
        const size_t index = decode(std::string_view(buffer).substr(0, end), outcome);
        if (index >= count) throw std::runtime_error("garbled report from the child process");
        if (index >= next) {
          outcomes[index] = std::move(outcome);
          next = index + 1;
        }
        reported = index + 1;
      }
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (next >= count) break;

    size_t culprit = reported;
    while (culprit < count && abandoned[culprit]) ++culprit;
    if (culprit >= count) culprit = next;  // cannot happen, but must not loop forever
    abandoned[culprit] = true;
    // A culprit before `next` is a command that went wrong only on replay;
    // its outcome from the first run stands.
    if (culprit >= next) {
      outcomes[culprit] =
          Outcome{Outcome::Status::Failed,
                  timed_out ? "no result within " + std::to_string(timeout.count()) +
                                  " s: hung (the runner killed it)"
                            : death_text(status),
                  false};
      next = culprit + 1;
    }
  }
  return outcomes;
}

}  // namespace gowasm::spec
