// Intentionally empty: hotel_lib is an archive of the module OBJECT libraries.
