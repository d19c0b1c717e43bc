// Column accessors for SqlRow/SqlResult.
#include "ports/database.hpp"
