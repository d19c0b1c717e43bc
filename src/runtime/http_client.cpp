#include "runtime/http_client.hpp"
