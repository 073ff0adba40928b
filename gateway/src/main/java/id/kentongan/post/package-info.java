/**
 * The post as a whole: the composition root ({@link id.kentongan.post.Gateway}), the one place where
 * the parts are made and wired with constructors, in the order that keeps a press safe at every moment;
 * the post's status in one shape ({@link id.kentongan.post.PostStatus}); and what belongs to a running
 * post but to no single part: the local control socket, the state directory's lock, the simulated field
 * nodes. Only {@code cli} and {@code bench} use it.
 */
package id.kentongan.post;
