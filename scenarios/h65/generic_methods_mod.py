class Box[T]:
    LIMIT = 3
    Number = int
    def put[U](self, item: U) -> U:
        return item
    def pair[V](self, a: T, b: V) -> tuple[T, V]:
        return (a, b)
    def limited[W: Number](self, n: W, cap: Number = 2) -> W:
        return min(n, Box.LIMIT, cap)
    def unused[K: Number](self) -> None:
        return None
class Plain:
    SCALE = 2
    Alias = list
    def scaled[N](self, n: N) -> Alias[N]:
        return [n] * Plain.SCALE
