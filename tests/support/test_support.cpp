// Test helpers: temp dirs, PostgreSQL test databases, child processes, blocking HTTP.
#include "support/test_support.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>

extern char** environ;

namespace hotel::testing {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/hotel-test-XXXXXX";
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string HotelBinary() {
  const char* p = std::getenv("HOTEL_BINARY");
  if (p && *p) return p;
  return "hotel";
}

std::string HttpResult::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

// When HOTEL_CONTRACT_LOG_DIR names a directory (and HOTEL_CONTRACT_LOG_ENABLED=1, set for
// the end-to-end tests), every exchange is appended as a JSON line to
// a file of this test process there; tests/contract/validate.mjs checks each against
// docs/openapi.yaml after the tests ran. One file per process: parallel tests never interleave.
void LogExchange(const std::string& method, const std::string& target, const HttpResult& r) {
  const char* dir = std::getenv("HOTEL_CONTRACT_LOG_DIR");
  const char* enabled = std::getenv("HOTEL_CONTRACT_LOG_ENABLED");
  if (!dir || !*dir || !enabled || std::string_view(enabled) != "1") return;
  if (target.rfind("/sim/", 0) == 0) return;  // a simulator's own test endpoint, not the platform's API
  boost::json::object line{{"method", method},
                           {"path", target.substr(0, target.find('?'))},
                           {"status", r.status},
                           {"contentType", r.Header("content-type")},
                           {"body", r.body}};
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::ofstream(std::string(dir) + "/e2e-" + std::to_string(getpid()) + ".jsonl", std::ios::app)
      << boost::json::serialize(line) << "\n";
}

HttpResult HttpCall(std::uint16_t port, const std::string& method, const std::string& target, const std::string& body,
                    const std::vector<std::pair<std::string, std::string>>& headers) {
  namespace http = boost::beast::http;
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket s(ioc);
  s.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::connection, "close");
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  http::write(s, req);
  boost::beast::flat_buffer buf;
  http::response_parser<http::string_body> p;
  p.body_limit(64 << 20);
  p.skip(method == "HEAD");
  http::read(s, buf, p);
  auto res = p.release();
  HttpResult out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& f : res) {
    std::string name(f.name_string());
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    out.headers[name] = std::string(f.value());
  }
  out.body = std::move(res.body());
  LogExchange(method, target, out);
  return out;
}

ChildProcess::ChildProcess(std::vector<std::string> argv, std::map<std::string, std::string> env,
                           const std::string& stdin_text) {
  int out_pipe[2], err_pipe[2], in_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0 || pipe2(in_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  std::map<std::string, std::string> full;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) full[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (auto& [k, v] : env) full[k] = v;
  std::vector<std::string> env_strings;
  for (auto& [k, v] : full) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp, args;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  pid_ = fork();
  if (pid_ == 0) {
    // A test that aborts (a sanitizer report, a crash) must not leave its servers behind.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    dup2(in_pipe[0], STDIN_FILENO);
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    execve(args[0], args.data(), envp.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  close(in_pipe[0]);
  // Small inputs (a password) fit in the pipe buffer, so this never blocks.
  if (!stdin_text.empty()) (void)!write(in_pipe[1], stdin_text.data(), stdin_text.size());
  close(in_pipe[1]);
  out_thread_ = std::thread([this, fd = out_pipe[0]] { Reader(fd, true); });
  err_thread_ = std::thread([this, fd = err_pipe[0]] { Reader(fd, false); });
}

ChildProcess::~ChildProcess() {
  if (!exit_code_) {
    kill(pid_, SIGKILL);
    Wait(std::chrono::seconds(5));
  }
  if (out_thread_.joinable()) out_thread_.join();
  if (err_thread_.joinable()) err_thread_.join();
}

void ChildProcess::Reader(int fd, bool is_stdout) {
  std::string partial;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) {
    std::lock_guard lock(mutex_);
    if (!is_stdout) {
      err_.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    partial.append(buf, static_cast<std::size_t>(n));
    for (std::size_t nl; (nl = partial.find('\n')) != std::string::npos;) {
      out_lines_.push_back(partial.substr(0, nl));
      partial.erase(0, nl + 1);
    }
  }
  close(fd);
}

std::optional<std::string> ChildProcess::WaitForLine(const std::function<bool(const std::string&)>& pred,
                                                     std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t seen = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard lock(mutex_);
      for (; seen < out_lines_.size(); ++seen) {
        if (pred(out_lines_[seen])) return out_lines_[seen];
      }
    }
    int status = 0;
    if (!exit_code_ && waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (exit_code_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let the readers drain
      std::lock_guard lock(mutex_);
      for (; seen < out_lines_.size(); ++seen) {
        if (pred(out_lines_[seen])) return out_lines_[seen];
      }
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return std::nullopt;
}

void ChildProcess::Signal(int sig) { kill(pid_, sig); }

std::optional<int> ChildProcess::Wait(std::chrono::milliseconds timeout) {
  if (exit_code_) return exit_code_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      if (out_thread_.joinable()) out_thread_.join();
      if (err_thread_.joinable()) err_thread_.join();
      return exit_code_;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return std::nullopt;
}

std::vector<std::string> ChildProcess::StdoutLines() {
  std::lock_guard lock(mutex_);
  return out_lines_;
}

std::string ChildProcess::Stderr() {
  std::lock_guard lock(mutex_);
  return err_;
}

CommandResult RunCommand(std::vector<std::string> argv, std::map<std::string, std::string> env,
                         const std::string& stdin_text) {
  ChildProcess p(std::move(argv), std::move(env), stdin_text);
  CommandResult r;
  r.exit_code = p.Wait(std::chrono::seconds(60)).value_or(-1);
  for (const auto& l : p.StdoutLines()) r.out += l + "\n";
  r.err = p.Stderr();
  return r;
}

void ExpectMigrateRoundTrip(const std::map<std::string, std::string>& env) {
  auto up = RunCommand({HotelBinary(), "migrate", "up"}, env);
  ASSERT_EQ(up.exit_code, 0) << up.err << up.out;
  auto status = RunCommand({HotelBinary(), "migrate", "status"}, env);
  EXPECT_EQ(status.out.find("pending"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("applied  1"), std::string::npos) << status.out;
  ASSERT_EQ(RunCommand({HotelBinary(), "migrate", "down", "100"}, env).exit_code, 0);
  status = RunCommand({HotelBinary(), "migrate", "status"}, env);
  EXPECT_EQ(status.out.find("applied"), std::string::npos) << status.out;
  ASSERT_EQ(RunCommand({HotelBinary(), "migrate", "up"}, env).exit_code, 0);
  status = RunCommand({HotelBinary(), "migrate", "status"}, env);
  EXPECT_EQ(status.out.find("pending"), std::string::npos) << status.out;
}

HotelServer::HotelServer(std::map<std::string, std::string> env, std::vector<std::string> extra_args) {
  env.try_emplace("PORT", "0");
  env.try_emplace("HOST", "127.0.0.1");
  env.try_emplace("HTTP_THREADS", "2");
  env.try_emplace("JWT_SECRET", "test-jwt-secret-0123456789abcdefghijklmnop");
  std::vector<std::string> argv{HotelBinary(), "serve"};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  process_ = std::make_unique<ChildProcess>(argv, env);
  auto line = process_->WaitForLine([](const std::string& l) { return l.find("\"message\":\"listening\"") != std::string::npos; });
  if (!line) {
    throw std::runtime_error("hotel serve did not start; stderr: " + process_->Stderr());
  }
  port_ = static_cast<std::uint16_t>(boost::json::parse(*line).at("context").at("port").as_int64());
}

}  // namespace hotel::testing
