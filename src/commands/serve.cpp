// hotel serve
