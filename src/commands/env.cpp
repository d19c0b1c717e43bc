// hotel env
