raise ImportError("h74_broken needs a native library that is not here")
