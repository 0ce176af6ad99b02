package io.zeo.auth;

/**
 * The whole storage contract over tcp with srp and lz4 both required: frames are compressed,
 * then sealed, so this run crosses both layers of the connection pipeline in their order.
 */
class SrpLz4StorageTckTest extends SrpStorageTckTest {
  @Override
  String[] compression() {
    return new String[] {"lz4"};
  }
}
