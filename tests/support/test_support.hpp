// Helpers for tests: scratch directories, the real `hotel` binary as a child process, and a
// blocking HTTP call. (PostgreSQL scratch databases: adapters/postgres/postgres_test_server.hpp.)
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace hotel::testing {

// A fresh directory under $TMPDIR, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// $HOTEL_BINARY (set by ctest) or the build tree's `hotel`.
std::string HotelBinary();

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string Header(const std::string& lower_name) const;
};

HttpResult HttpCall(std::uint16_t port, const std::string& method, const std::string& target,
                    const std::string& body = {}, const std::vector<std::pair<std::string, std::string>>& headers = {});

// A child process whose stdout/stderr are captured line by line.
class ChildProcess {
 public:
  // env entries are added to (or replace) the parent's environment; `stdin_text` is written
  // to the child's standard input, which is then closed.
  ChildProcess(std::vector<std::string> argv, std::map<std::string, std::string> env = {},
               const std::string& stdin_text = {});
  ~ChildProcess();  // SIGKILL if still running

  // Waits until a stdout line satisfies `pred`; returns it, or nullopt on timeout/exit.
  std::optional<std::string> WaitForLine(const std::function<bool(const std::string&)>& pred,
                                         std::chrono::milliseconds timeout = std::chrono::seconds(20));
  void Signal(int sig);
  // Waits for exit; returns the exit code (128+signal when killed), nullopt on timeout.
  std::optional<int> Wait(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  std::vector<std::string> StdoutLines();
  std::string Stderr();
  int pid() const { return pid_; }

 private:
  void Reader(int fd, bool is_stdout);
  int pid_ = -1;
  std::optional<int> exit_code_;
  std::mutex mutex_;
  std::vector<std::string> out_lines_;
  std::string err_;
  std::thread out_thread_, err_thread_;
};

// Runs a command to completion: {exit code, stdout, stderr}.
struct CommandResult {
  int exit_code = -1;
  std::string out, err;
};
CommandResult RunCommand(std::vector<std::string> argv, std::map<std::string, std::string> env = {},
                         const std::string& stdin_text = {});

// `hotel migrate up`, `down 100`, `up` against `env`'s DATABASE_URL, checking `status` after
// each: all applied, none applied, all applied again.
void ExpectMigrateRoundTrip(const std::map<std::string, std::string>& env);

// `hotel serve` on port 0 with the given environment; waits for its "listening" log line.
class HotelServer {
 public:
  explicit HotelServer(std::map<std::string, std::string> env, std::vector<std::string> extra_args = {});
  std::uint16_t port() const { return port_; }
  ChildProcess& process() { return *process_; }
  HttpResult Get(const std::string& target, const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    return HttpCall(port_, "GET", target, {}, headers);
  }

 private:
  std::unique_ptr<ChildProcess> process_;
  std::uint16_t port_ = 0;
};

}  // namespace hotel::testing
