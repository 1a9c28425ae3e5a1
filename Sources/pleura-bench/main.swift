print("pleura-bench")
