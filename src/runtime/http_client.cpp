// HTTP/1.1 client: per-host keep-alive pool, per-call deadline, cancellation, traceparent.
#include "runtime/http_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/parse.hpp>
#include <fmt/format.h>

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <deque>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace hotel::runtime {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;
constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
constexpr std::size_t kExcerptBytes = 64;

struct Target {
  std::string host;         // without IPv6 brackets: what DNS / make_address take
  std::uint16_t port = 80;
  std::string host_header;  // as sent in Host
  std::string path;         // origin-form: path?query
  std::string key;          // lowercase host:port, the pool key
  std::string pool;         // ClientRequest::pool
};

Error BadRequest(std::string field, std::string message) {
  Error e{Errc::validation_failed, fmt::format("invalid outgoing request: {} {}", field, message), {}};
  e.fields.push_back({std::move(field), std::move(message)});
  return e;
}

bool ValidHostName(std::string_view h) {
  return !h.empty() && std::all_of(h.begin(), h.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
  });
}

// CR, LF or NUL in a header would let a value smuggle extra headers into the request.
bool SafeHeaderText(std::string_view s) { return s.find_first_of(std::string_view("\r\n\0", 3)) == s.npos; }

Result<Target> ParseTarget(std::string_view url) {
  namespace urls = boost::urls;
  auto parsed = urls::parse_absolute_uri(url);
  if (!parsed) return BadRequest("url", "is not an absolute URL");
  const urls::url_view& u = *parsed;
  if (u.scheme_id() == urls::scheme::https) return BadRequest("url", "uses https, which is not supported yet");
  if (u.scheme_id() != urls::scheme::http) return BadRequest("url", "must use http");
  if (u.has_userinfo()) return BadRequest("url", "must not carry credentials");
  Target t;
  switch (u.host_type()) {
    case urls::host_type::ipv4: t.host = u.host_address(); t.host_header = t.host; break;
    case urls::host_type::ipv6: t.host = u.host_address(); t.host_header = "[" + t.host + "]"; break;
    case urls::host_type::name:
      t.host = u.host_address();
      if (!ValidHostName(t.host)) return BadRequest("url", "has an invalid host name");
      t.host_header = t.host;
      break;
    default: return BadRequest("url", "has no host");
  }
  if (u.has_port() && !u.port().empty()) {
    // port_number() wraps values over 65535 instead of rejecting them.
    const auto digits = u.port();
    unsigned long port = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec != std::errc{} || end != digits.data() + digits.size() || port == 0 || port > 65535) {
      return BadRequest("url", "has an invalid port");
    }
    t.port = static_cast<std::uint16_t>(port);
    t.host_header += fmt::format(":{}", t.port);
  }
  t.path = u.encoded_target();
  if (t.path.empty() || t.path.front() != '/') t.path.insert(0, "/");
  t.key = fmt::format("{}:{}", u.host_type() == urls::host_type::ipv6 ? "[" + t.host + "]" : t.host, t.port);
  std::transform(t.key.begin(), t.key.end(), t.key.begin(), [](unsigned char c) { return std::tolower(c); });
  return t;
}

std::string Excerpt(const boost::beast::flat_buffer& buffer) {
  const auto data = buffer.data();
  std::string out(static_cast<const char*>(data.data()), std::min(data.size(), kExcerptBytes));
  for (char& c : out) if (c < 0x20 || c > 0x7e) c = '.';
  return out;
}

// The peer of an idle keep-alive socket has closed it (recv sees EOF) or sent something
// unsolicited (e.g. a 408 before closing): either way it must not carry a new request.
bool IdleSocketAlive(int fd) {
  char c;
  const auto n = ::recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

// An idle pooled connection, kept as a bare descriptor registered with no io_context. A socket
// object stays tied to the reactor of the io_context it was last used on, and closing or
// moving it touches that reactor; in `hotel serve` those contexts are HttpServer's, destroyed
// before the client. A descriptor can be closed from any thread at any time.
class Parked {
 public:
  Parked() = default;
  Parked(int fd, tcp protocol) : fd_(fd), protocol_(protocol) {}
  Parked(Parked&& other) noexcept
      : idle_since(other.idle_since), fd_(std::exchange(other.fd_, -1)), protocol_(other.protocol_) {}
  Parked& operator=(Parked&& other) noexcept {
    if (this != &other) {
      Close();
      fd_ = std::exchange(other.fd_, -1);
      protocol_ = other.protocol_;
      idle_since = other.idle_since;
    }
    return *this;
  }
  ~Parked() { Close(); }

  explicit operator bool() const { return fd_ >= 0; }
  int Fd() const { return fd_; }
  tcp Protocol() const { return protocol_; }
  // The descriptor now belongs to a socket.
  void Disown() { fd_ = -1; }

  Clock::time_point idle_since;

 private:
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  int fd_ = -1;
  tcp protocol_ = tcp::v4();
};

// A cancellation emitted while no operation is pending (e.g. between two reads inside a
// Beast composed operation) is only recorded in the coroutine's state: check it between steps.
asio::awaitable<bool> Cancelled() {
  const auto state = co_await asio::this_coro::cancellation_state;
  co_return state.cancelled() != asio::cancellation_type::none;
}

}  // namespace

std::string_view ClientResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (boost::beast::iequals(key, name)) return value;
  }
  return {};
}

struct HttpClient::Impl {
  struct Conn {
    explicit Conn(const asio::any_io_executor& ex) : socket(ex) {}
    tcp::socket socket;
    boost::beast::flat_buffer buffer;
  };
  // A caller queued for a slot of a full host; woken by cancelling `wake` on its own executor.
  struct Waiter {
    explicit Waiter(const asio::any_io_executor& ex) : wake(ex, Clock::time_point::max()) {}
    asio::steady_timer wake;
    bool granted = false;  // a slot was handed over (with `conn` when one was idle)
    Parked conn;
  };
  struct HostPool {
    std::deque<Parked> idle;  // oldest first; reused from the back (LIFO)
    std::size_t busy = 0;     // slots held by calls, connected or not
    std::size_t limit = 1;    // slots: the pool's size
    std::deque<std::shared_ptr<Waiter>> waiters;
  };
  // One slot of a host's pool, held for the whole call. Unless marked reusable, its connection
  // is closed on release: an aborted or failed exchange leaves the stream in an unknown state.
  // Runs on the caller's executor, or while its io_context destroys the call's frame; either
  // way that context's reactor still exists, so the socket can be detached from it here.
  struct Lease {
    Impl* impl = nullptr;
    HostPool* host = nullptr;
    Parked parked;               // the idle connection handed over, until adopted
    std::unique_ptr<Conn> conn;  // the connection in use
    bool reusable = false;
    Lease() = default;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (!host) return;
      Parked back;
      if (reusable) back = conn ? Park(*conn) : std::move(parked);
      conn.reset();  // closed before its slot is handed on
      impl->Release(*host, std::move(back));
    }
  };
  enum class Phase { kWaiting, kConnecting, kExchanging };
  // Shared by a call and its deadline, which run on the same executor.
  struct CallState {
    Phase phase = Phase::kWaiting;
    Conn* conn = nullptr;  // the connection in use, closed on expiry
  };

  explicit Impl(HttpClientOptions o) : options(std::move(o)) {
    options.pool_size_per_host = std::max(1, options.pool_size_per_host);
  }

  HttpClientOptions options;
  mutable std::mutex mutex;
  std::unordered_map<std::string, HostPool> hosts;  // node-based: HostPool& stays valid
  std::atomic<std::uint64_t> created{0};
  std::atomic<std::uint64_t> requests{0};

  void SweepLocked(Clock::time_point now) {
    for (auto& [key, host] : hosts) {
      while (!host.idle.empty() && now - host.idle.front().idle_since >= options.idle_timeout) host.idle.pop_front();
    }
  }

  // Hands free slots (and idle connections) to queued callers, oldest first.
  void GrantLocked(HostPool& host) {
    const auto limit = host.limit;
    while (!host.waiters.empty() && (!host.idle.empty() || host.busy < limit)) {
      auto waiter = std::move(host.waiters.front());
      host.waiters.pop_front();
      if (!host.idle.empty()) {
        waiter->conn = std::move(host.idle.back());
        host.idle.pop_back();
      }
      waiter->granted = true;
      ++host.busy;
      // The timer belongs to the waiter's executor (maybe another thread): touch it only there.
      // Expiring rather than cancelling also wakes a wait that has not been started yet.
      asio::post(waiter->wake.get_executor(), [waiter] { waiter->wake.expires_at(Clock::time_point::min()); });
    }
  }

  void Release(HostPool& host, Parked conn) {
    std::lock_guard lock(mutex);
    const auto now = Clock::now();
    if (conn) {
      conn.idle_since = now;
      host.idle.push_back(std::move(conn));
    }
    --host.busy;
    SweepLocked(now);
    GrantLocked(host);
  }

  // Takes a slot of the host's pool, waiting for one while the host is full. False when the
  // wait was cancelled (by the call's deadline or by the caller).
  std::size_t PoolSize(std::string_view pool) const {
    for (const auto& [name, size] : options.pool_sizes) {
      if (name == pool) return static_cast<std::size_t>(std::max(1, size));
    }
    return static_cast<std::size_t>(options.pool_size_per_host);
  }

  asio::awaitable<bool> Acquire(const std::string& key, std::string_view pool, Lease& lease, asio::any_io_executor ex) {
    std::shared_ptr<Waiter> waiter;
    HostPool* host = nullptr;
    {
      std::lock_guard lock(mutex);
      SweepLocked(Clock::now());
      auto [it, created] = hosts.try_emplace(pool.empty() ? key : std::string(pool) + "|" + key);
      host = &it->second;
      if (created) host->limit = PoolSize(pool);
      lease.impl = this;
      if (!host->idle.empty()) {
        lease.parked = std::move(host->idle.back());
        host->idle.pop_back();
      }
      if (lease.parked || host->busy < host->limit) {
        ++host->busy;
        lease.host = host;
        lease.reusable = static_cast<bool>(lease.parked);  // untouched until the exchange starts
        co_return true;
      }
      waiter = std::make_shared<Waiter>(ex);
      host->waiters.push_back(waiter);
    }
    // Runs even when the frame is destroyed mid-wait (e.g. its io_context shuts down), so a
    // granted slot is never leaked and the queue never keeps a dead waiter.
    struct Settle {
      Impl* impl; HostPool* host; Waiter* waiter; Lease* lease;
      ~Settle() {
        std::lock_guard lock(impl->mutex);
        if (waiter->granted) {
          lease->host = host;
          lease->parked = std::move(waiter->conn);
          lease->reusable = static_cast<bool>(lease->parked);  // untouched, so fine to give back
        } else {
          std::erase_if(host->waiters, [this](const auto& w) { return w.get() == waiter; });
        }
      }
    };
    {
      Settle settle{this, host, waiter.get(), &lease};
      co_await waiter->wake.async_wait(kUseTuple);
    }
    co_return lease.host != nullptr;
  }

  // Resolves without awaiting the resolver itself: getaddrinfo cannot be interrupted, and the
  // deadline or the caller's cancellation must not wait for it.
  static asio::awaitable<std::pair<error_code, tcp::resolver::results_type>> Resolve(
      asio::any_io_executor ex, const std::string& host, std::uint16_t port) {
    struct State {
      explicit State(const asio::any_io_executor& ex) : resolver(ex), done(ex, Clock::time_point::max()) {}
      tcp::resolver resolver;
      asio::steady_timer done;
      error_code ec = asio::error::operation_aborted;
      tcp::resolver::results_type results;
    };
    auto state = std::make_shared<State>(ex);
    state->resolver.async_resolve(host, std::to_string(port), [state](error_code ec, tcp::resolver::results_type r) {
      state->ec = ec;
      state->results = std::move(r);
      state->done.expires_at(Clock::time_point::min());
    });
    co_await state->done.async_wait(kUseTuple);
    if (state->ec == asio::error::operation_aborted) state->resolver.cancel();
    co_return std::pair{state->ec, state->results};
  }

  asio::awaitable<Result<std::unique_ptr<Conn>>> Connect(const Target& t, CallState& state, asio::any_io_executor ex) {
    std::vector<tcp::endpoint> endpoints;
    error_code ec;
    const auto address = asio::ip::make_address(t.host, ec);
    if (!ec) {
      endpoints.emplace_back(address, t.port);
    } else {
      auto [rec, results] = co_await Resolve(ex, t.host, t.port);
      if (rec) co_return Error::Unavailable(fmt::format("cannot resolve {}: {}", t.host, rec.message()));
      for (const auto& entry : results) endpoints.push_back(entry.endpoint());
      if (co_await Cancelled()) co_return Error::Unavailable("cancelled");
    }
    auto conn = std::make_unique<Conn>(ex);
    state.conn = conn.get();
    auto [cec, endpoint] = co_await asio::async_connect(conn->socket, endpoints, kUseTuple);
    if (cec) {
      state.conn = nullptr;
      co_return Error::Unavailable(fmt::format("cannot connect to {}: {}", t.key, cec.message()));
    }
    conn->socket.set_option(tcp::no_delay(true), ec);
    if (options.receive_buffer_bytes > 0) {
      conn->socket.set_option(asio::socket_base::receive_buffer_size(options.receive_buffer_bytes), ec);
    }
    ++created;
    co_return conn;
  }

  // Detaches a connection that goes idle from the io_context it ran on (see Parked). Null
  // when it cannot carry another request: closed, or with unread bytes.
  static Parked Park(Conn& conn) {
    if (!conn.socket.is_open() || conn.buffer.size() != 0) return {};
    error_code ec;
    const auto protocol = conn.socket.local_endpoint(ec).protocol();
    if (ec) return {};
    const auto fd = conn.socket.release(ec);
    if (ec) return {};
    return Parked(fd, protocol);
  }

  // Registers a pooled connection with the caller's io_context, which drives its I/O for this
  // call. Null (and the descriptor closed) when the peer has dropped it meanwhile.
  static std::unique_ptr<Conn> Adopt(Parked parked, const asio::any_io_executor& ex) {
    if (!IdleSocketAlive(parked.Fd())) return nullptr;
    auto conn = std::make_unique<Conn>(ex);
    error_code ec;
    conn->socket.assign(parked.Protocol(), parked.Fd(), ec);
    if (ec) return nullptr;
    parked.Disown();
    return conn;
  }

  struct Exchanged {
    error_code ec;
    bool got_bytes = false;  // any byte of a response arrived: the server saw the request
    bool keep_alive = false;
    ClientResponse response;
  };

  // The request goes out with non-blocking writes and the response comes in with non-blocking
  // reads into a buffer sized for what is left of it; the event loop is waited on only when the
  // socket has nothing (more) to give. Beast's composed operations would read a 100 KB answer
  // in 64 KB steps and complete even an immediate write through the thread's queue: under load
  // each such trip is milliseconds.
  asio::awaitable<Exchanged> Exchange(Conn& conn, const http::request<http::string_body>& req) {
    Exchanged out;
    error_code ec;
    if (!conn.socket.non_blocking()) conn.socket.non_blocking(true, ec);
    http::request_serializer<http::string_body> serializer(req);
    if (!ec) http::write(conn.socket, serializer, ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) {
      auto [wec, written] = co_await http::async_write(conn.socket, serializer, kUseTuple);
      ec = wec;
    }
    if (ec) {
      out.ec = ec;
      co_return out;
    }
    for (;;) {
      if (co_await Cancelled()) {
        out.ec = asio::error::operation_aborted;
        co_return out;
      }
      http::response_parser<http::string_body> parser;
      parser.body_limit(options.max_response_bytes);
      parser.header_limit(kMaxHeaderBytes);
      parser.eager(true);
      if (req.method() == http::verb::head) parser.skip(true);
      const auto rec = co_await ReadResponse(conn, parser);
      out.got_bytes = out.got_bytes || parser.got_some() || conn.buffer.size() > 0;
      if (rec) {
        out.ec = rec;
        co_return out;
      }
      auto& res = parser.get();
      // Interim responses (103 Early Hints...) precede the real one on the same stream.
      if (res.result_int() >= 100 && res.result_int() < 200 && res.result_int() != 101) continue;
      out.keep_alive = res.keep_alive() && !res.need_eof();
      out.response.status = res.result_int();
      for (const auto& field : res) out.response.headers.emplace_back(field.name_string(), field.value());
      out.response.body = std::move(res.body());
      co_return out;
    }
  }

  // One response into `parser`: bytes already buffered first, then what the socket has.
  static asio::awaitable<error_code> ReadResponse(Conn& conn, http::response_parser<http::string_body>& parser) {
    error_code ec;
    for (;;) {
      while (conn.buffer.size() > 0 && !parser.is_done()) {
        const auto used = parser.put(conn.buffer.data(), ec);
        conn.buffer.consume(used);
        if (ec == http::error::need_more) {
          ec = {};
          break;
        }
        if (ec) co_return ec;
        if (used == 0) break;
      }
      if (parser.is_done()) co_return error_code{};
      std::size_t want = 16 << 10;  // until the header tells the length
      if (parser.is_header_done() && parser.content_length_remaining()) {
        want = static_cast<std::size_t>(std::clamp<std::uint64_t>(*parser.content_length_remaining(), 4096, 4u << 20));
      }
      if (want > conn.buffer.max_size() - conn.buffer.size()) co_return http::error::buffer_overflow;
      const auto n = conn.socket.read_some(conn.buffer.prepare(want), ec);
      if (ec == asio::error::would_block || ec == asio::error::try_again) {
        if (co_await Cancelled()) co_return asio::error::operation_aborted;
        auto [wec] = co_await conn.socket.async_wait(tcp::socket::wait_read, kUseTuple);
        if (wec) co_return wec;
        continue;
      }
      if (ec == asio::error::eof) {
        if (!parser.got_some() && conn.buffer.size() == 0) co_return http::error::end_of_stream;
        if (parser.is_header_done() && parser.need_eof()) {
          parser.put_eof(ec);  // a body delimited by the end of the connection
          co_return ec;
        }
        co_return http::error::partial_message;
      }
      if (ec) co_return ec;
      conn.buffer.commit(n);
    }
  }

  std::string Describe(const error_code& ec, const Target& t, const Conn& conn) const {
    if (ec == http::error::body_limit) {
      return fmt::format("response from {} is larger than {} bytes", t.key, options.max_response_bytes);
    }
    if (ec == http::error::header_limit) return fmt::format("response headers from {} are too large", t.key);
    if (ec == http::error::end_of_stream) return fmt::format("{} closed the connection without responding", t.key);
    if (ec == http::error::partial_message || ec == asio::error::eof) {
      return fmt::format("{} closed the connection mid-response", t.key);
    }
    if (&ec.category() == &http::make_error_code(http::error::bad_version).category()) {
      return fmt::format("malformed HTTP response from {} ({}) near \"{}\"", t.key, ec.message(), Excerpt(conn.buffer));
    }
    return fmt::format("connection to {} failed: {}", t.key, ec.message());
  }

  // The whole call, under Send's deadline: every wait in here is cancellable.
  asio::awaitable<Result<ClientResponse>> Call(const Target& t, const http::request<http::string_body>& req,
                                               CallState& state, asio::any_io_executor ex) {
    co_await asio::this_coro::throw_if_cancelled(false);  // errors come back as values
    Lease lease;
    // Declared after the lease, so it is cleared before the lease closes the connection.
    struct Forget {
      CallState& state;
      ~Forget() { state.conn = nullptr; }
    } forget{state};
    if (!co_await Acquire(t.key, t.pool, lease, ex) || co_await Cancelled()) co_return Error::Unavailable("cancelled");
    if (lease.parked) lease.conn = Adopt(std::move(lease.parked), ex);
    for (int attempt = 0;; ++attempt) {
      const bool reused = lease.conn != nullptr;
      state.conn = lease.conn.get();
      if (!reused) {
        state.phase = Phase::kConnecting;
        auto connected = co_await Connect(t, state, ex);
        if (!connected) co_return connected.error();
        lease.conn = std::move(*connected);
      }
      state.phase = Phase::kExchanging;
      lease.reusable = false;
      auto result = co_await Exchange(*lease.conn, req);
      if (!result.ec) {
        lease.reusable = result.keep_alive;
        co_return std::move(result.response);
      }
      const auto cancelled = (co_await asio::this_coro::cancellation_state).cancelled();
      // A reused connection that fails before any response byte was closed by the server
      // while idle: the request never reached it, so one retry on a new connection is safe.
      // (A socket we closed ourselves, on expiry, is not that case.)
      if (reused && attempt == 0 && !result.got_bytes && cancelled == asio::cancellation_type::none &&
          result.ec != asio::error::operation_aborted && lease.conn->socket.is_open()) {
        state.conn = nullptr;
        lease.conn.reset();
        continue;
      }
      auto detail = Describe(result.ec, t, *lease.conn);
      co_return Error::Unavailable(std::move(detail));
    }
  }
};

HttpClient::HttpClient(boost::asio::any_io_executor executor, HttpClientOptions options)
    : impl_(std::make_shared<Impl>(std::move(options))) {
  // Calls run on the executor of the awaiting coroutine, which always exists, and idle
  // connections belong to no executor; `executor` is kept in the signature for callers that
  // will want background work (idle sweeping) later.
  (void)executor;
}

HttpClient::~HttpClient() {
  // Calls still in flight keep Impl alive; idle connections have no owner left. They are bare
  // descriptors, so closing them needs none of the io_contexts that used them.
  std::lock_guard lock(impl_->mutex);
  for (auto& [key, host] : impl_->hosts) host.idle.clear();
}

boost::asio::awaitable<Result<ClientResponse>> HttpClient::Send(ClientRequest request, const TraceContext* trace) {
  auto target = ParseTarget(request.url);
  if (!target) co_return target.error();
  target->pool = std::move(request.pool);
  const auto verb = http::string_to_verb(request.method);
  if (verb != http::verb::get && verb != http::verb::post && verb != http::verb::put && verb != http::verb::delete_ &&
      verb != http::verb::patch && verb != http::verb::head) {
    co_return BadRequest("method", fmt::format("'{}' is not supported", request.method));
  }
  http::request<http::string_body> req{verb, target->path, 11};
  req.set(http::field::host, target->host_header);
  bool has_user_agent = false;
  for (const auto& [name, value] : request.headers) {
    if (name.empty() || !SafeHeaderText(name) || !SafeHeaderText(value)) {
      co_return BadRequest("headers", fmt::format("'{}' has a forbidden character", name));
    }
    const auto field = http::string_to_field(name);
    if (field == http::field::host || field == http::field::content_length ||
        field == http::field::transfer_encoding || boost::beast::iequals(name, "traceparent")) {
      continue;  // the client owns these
    }
    has_user_agent = has_user_agent || field == http::field::user_agent;
    req.insert(name, value);
  }
  if (!has_user_agent) req.set(http::field::user_agent, impl_->options.user_agent);
  if (trace) req.set("traceparent", trace->Child().Traceparent());
  // RFC 9110 §8.6: no Content-Length on a bodyless GET/HEAD/DELETE.
  if (!request.body.empty() || verb == http::verb::post || verb == http::verb::put || verb == http::verb::patch) {
    req.content_length(request.body.size());
  }
  req.body() = std::move(request.body);

  auto impl = impl_;  // keeps the pool alive for this call even if the client goes away
  ++impl->requests;
  auto executor = co_await boost::asio::this_coro::executor;
  // Shared by the call and its deadline. The deadline is a plain handler rather than a
  // coroutine raced against the call: a race waits for the loser's cancellation to complete,
  // one more trip through the thread's queue per call.
  struct Watch {
    Impl::CallState call;
    boost::asio::cancellation_signal cancel;
    bool done = false, expired = false;
  };
  auto watch = std::make_shared<Watch>();
  boost::asio::steady_timer deadline(executor, request.timeout);
  deadline.async_wait([watch](boost::system::error_code ec) {
    if (ec || watch->done) return;
    watch->expired = true;
    // Closing the socket ends the call's I/O at once, even an operation inside a Beast
    // composed operation that missed the cancellation; the signal ends the other waits (for a
    // pooled connection, for the resolver).
    if (watch->call.conn) watch->call.conn->socket.close(ec);
    watch->cancel.emit(boost::asio::cancellation_type::terminal);
  });
  // The caller's cancellation (a search at its deadline) reaches the call too.
  auto caller = (co_await boost::asio::this_coro::cancellation_state).slot();
  if (caller.is_connected()) {
    caller.assign([watch](boost::asio::cancellation_type type) { watch->cancel.emit(type); });
  }
  auto [exception, result] = co_await boost::asio::co_spawn(
      executor, impl->Call(*target, req, watch->call, executor),
      boost::asio::bind_cancellation_slot(watch->cancel.slot(), boost::asio::as_tuple(boost::asio::use_awaitable)));
  watch->done = true;
  if (caller.is_connected()) caller.clear();
  deadline.cancel();

  if ((co_await boost::asio::this_coro::cancellation_state).cancelled() != boost::asio::cancellation_type::none) {
    co_return Error::Unavailable(fmt::format("{} {} cancelled by the caller", request.method, target->key));
  }
  if (!exception && result) co_return std::move(result);
  if (watch->expired) {
    const auto phase = watch->call.phase;
    const char* during = phase == Impl::Phase::kWaiting      ? "waiting for a pooled connection"
                         : phase == Impl::Phase::kConnecting ? "connecting"
                                                             : "waiting for the response";
    co_return Error::Timeout(fmt::format("{} {} timed out after {} ms ({})", request.method, target->key,
                                         request.timeout.count(), during));
  }
  if (exception) {
    try {
      std::rethrow_exception(exception);
    } catch (const std::exception& e) {
      co_return Error::Unavailable(fmt::format("{} {} failed: {}", request.method, target->key, e.what()));
    } catch (...) {
      co_return Error::Unavailable(fmt::format("{} {} failed", request.method, target->key));
    }
  }
  co_return std::move(result);
}

HttpClient::Stats HttpClient::GetStats() const {
  Stats stats;
  std::lock_guard lock(impl_->mutex);
  for (const auto& [key, host] : impl_->hosts) {
    stats.connections_idle += host.idle.size();
    stats.connections_open += host.idle.size() + host.busy;
  }
  stats.connections_created = impl_->created;
  stats.requests = impl_->requests;
  return stats;
}

}  // namespace hotel::runtime
