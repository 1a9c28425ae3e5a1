print("pleura: not built yet")
