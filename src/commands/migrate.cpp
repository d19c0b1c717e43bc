// hotel migrate
