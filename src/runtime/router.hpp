// Routes by method and path template ("/api/v1/orders/{id}"); reports the allowed methods
// when only the method is wrong, so the server can answer 405 with Allow.
#pragma once

#include "runtime/http.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace hotel::runtime {

class Router {
 public:
  // `path_template` segments are literals or {name}. Registering the same method and
  // template twice is a programming error (throws std::logic_error at start-up).
  // `bypass_middleware`: the handler runs without the middleware chain (process probes such
  // as /health: no auth, no CORS, no rate limit, and the cheapest possible path). The server's
  // own observability (request id, trace, access log, metrics) still applies.
  void Add(std::string_view method, std::string_view path_template, Handler handler, bool bypass_middleware = false);
  void Get(std::string_view t, Handler h) { Add("GET", t, std::move(h)); }
  void Post(std::string_view t, Handler h) { Add("POST", t, std::move(h)); }
  void Put(std::string_view t, Handler h) { Add("PUT", t, std::move(h)); }
  void Patch(std::string_view t, Handler h) { Add("PATCH", t, std::move(h)); }
  void Delete(std::string_view t, Handler h) { Add("DELETE", t, std::move(h)); }

  // Routes added from now on belong to this module (its name is the `service` of their
  // log lines and metrics).
  void SetOwner(std::string owner) { owner_ = std::move(owner); }

  struct Route {
    std::string owner;
    std::string method;
    std::string path_template;
    std::vector<std::string> segments;  // "{id}" kept as is
    Handler handler;
    bool bypass_middleware = false;
  };

  struct Match {
    const Route* route = nullptr;  // null: no route for this method (see allowed)
    std::vector<std::pair<std::string_view, std::string_view>> params;
    std::string allowed;           // "GET, POST" when the path exists under other methods
  };

  // HEAD falls back to the GET route. `params` point into `path` and the route.
  Match Find(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  std::string owner_;
};

}  // namespace hotel::runtime
