"""蓝鲸通信 (BlueWhale Telecom): the competitor, a second embedded operator of a design of its
own on every channel. The harness reaches it only through its channels; see README.md."""
