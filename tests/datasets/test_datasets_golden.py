"""Golden fingerprints: numkeras's loaders return exactly what Keras's loaders return.

The constants below were computed once with real Keras by `tools/dataset_fingerprints.py`
(Keras 3.15.1, jax backend, NumPy 2.4.6): it ran `keras.datasets.<name>.load_data(**kwargs)`
for every case of `dataset_fingerprint.CASES` on the same files these tests use (the real
mnist.npz, fashion-mnist/*.gz, boston_housing.npz and imdb_word_index.json, found as
tests/data_files.py says, and the stand-ins of dataset_standins.py for imdb, reuters, california_housing
and CIFAR) and wrote "shape|dtype|sha256" for x_train, y_train, x_test, y_test (see
dataset_fingerprint.py for how object arrays of lists are hashed). The cases cover the
calls in the lecture notes (mnist, fashion_mnist, boston_housing defaults, imdb
num_words=1000 and 10000, reuters num_words=10000), every loader's defaults, and the
filtering options (maxlen, skip_top, start_char/oov_char None, index_from, seeds, splits).
Re-run that script and paste its output here if a stand-in or a case changes.
"""
import shutil

import pytest
from dataset_fingerprint import CASES, fingerprint_result, fingerprint_word_index

GOLDEN_RESULTS = {
    "mnist": (
        "60000x28x28||u1|741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757",
        "60000||u1|1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13",
        "10000x28x28||u1|6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161",
        "10000||u1|ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5",
    ),
    "fashion_mnist": (
        "60000x28x28||u1|2e487a6c89124f78f2d7521542223cafe96f7123c3ca13d447772ac6ecbb3012",
        "60000||u1|657fbd221bfc9f4198cc14b5619cc33ec57c58dd0e47af4d99d6650759e869a7",
        "10000x28x28||u1|c867c93ff95360594e8ec3287995350b824dd110b11595c0e13d5423f621867a",
        "10000||u1|3d0e6c6ea990b53b6f8f500a41cac93881d981b315f84578b7d915342ade01e9",
    ),
    "boston_housing": (
        "404x13|<f8|4319b7bc86939499d59f38ad10c6463cc3c6898031c193ad6a53bd36f46f80e5",
        "404|<f8|38a10db0be2fdb2fadcd9412f3a76a471b8b8caa533be0d4f8e339476e2f1378",
        "102x13|<f8|4bdf7345c31e1c1c67b454bbf81e20a05d8ceb7aeee0a40f1f3aacf215ec640d",
        "102|<f8|d70628b797476cf4c264ad5d5ff31acaeeb861ab34defdeec1e5da25fd335bef",
    ),
    "boston_housing-split0.1-seed7": (
        "455x13|<f8|4c8d2ac9e2820d4cda041112bcf357d63320cd5bb9ef551c38d832a865b0bc49",
        "455|<f8|dc8e62e24d4644ab6dcc1041a37a43247b731fbee1b9d859e74e375c66c432f4",
        "51x13|<f8|11d038be40e8d8c6d0c8f5a20ad8ee6ce5faf4a32dd44b565c54390311d21339",
        "51|<f8|f7fd1f1a03d92fd48a08459eced9a449de9d42b7789617069b9e27e284d27213",
    ),
    "imdb": (
        "1500||O|e630557f70a010d3dfa1b0676f09a0a986a4067cb20d265488c9f4a4a7374649",
        "1500|<i8|130c5f4d68b93514db73ee2ce9d2b21ea376b4d9f3e1f564da59898551c30638",
        "1200||O|c86916fe758fceb5074772d971fd7d01e430e64127d398573cfe19826f3ea69e",
        "1200|<i8|6e18baa729f6da5ded6a9fafb7962d8ebaef9af5576e2b1844eb00014be52519",
    ),
    "imdb-num_words1000": (
        "1500||O|a8c4b4d820cc3f752cc34a8879b130a2ddc766d87578fe0c7cb481ad51b84f35",
        "1500|<i8|130c5f4d68b93514db73ee2ce9d2b21ea376b4d9f3e1f564da59898551c30638",
        "1200||O|dbac6574dff448bad3f6acae39fef8bfd9affb8501acc9d573c1ccfb9a3c3cfe",
        "1200|<i8|6e18baa729f6da5ded6a9fafb7962d8ebaef9af5576e2b1844eb00014be52519",
    ),
    "imdb-num_words10000": (
        "1500||O|c8ef1b5b7d0de82a864edc1ec6b2129584aa1df69072e9db1310d3d096a63eb1",
        "1500|<i8|130c5f4d68b93514db73ee2ce9d2b21ea376b4d9f3e1f564da59898551c30638",
        "1200||O|8cef726ca92a58aa09ecf9f4a1efa33b6b4aa2cc133e94fbfec53ae56cdf9324",
        "1200|<i8|6e18baa729f6da5ded6a9fafb7962d8ebaef9af5576e2b1844eb00014be52519",
    ),
    "imdb-maxlen100-skip_top20-num_words5000": (
        "316||O|62340a8fdb845b9adcd1ef7e771a0a2457a1b997363244e9d381d5f05835d1ce",
        "316|<i8|a411b33376852d73a6b89cd7db0fb3a18b44f0905bca4e9daf8ebfa00d1b5a52",
        "301||O|00f17b845f335d99bfde0c2e581e6bc4c61dc75adfe121cb0e5d89a38db2672e",
        "301|<i8|60c4b7f1fcfb43b421676cdd5262a6f516e73cf2973380da70719234e9c679a2",
    ),
    "imdb-no_start-no_oov-index_from0": (
        "1500||O|456716594af0619a51782bc830b398b7386b76ec50c809f392de1aa7a90029ad",
        "1500|<i8|130c5f4d68b93514db73ee2ce9d2b21ea376b4d9f3e1f564da59898551c30638",
        "1200||O|c4a6182075b9d9532be3613ce6227cc60cbb4a19710f6a76445ae1c9ba3ae379",
        "1200|<i8|6e18baa729f6da5ded6a9fafb7962d8ebaef9af5576e2b1844eb00014be52519",
    ),
    "imdb-seed1-skip_top5-oov_none": (
        "1500||O|e13ec8b8c48caee6af1ad57c0429065bb8d1ceb2e80cc5342e9ca76f91b0f671",
        "1500|<i8|6ff086744a74c0a60b994f0048924f5c9930d6ebac1ea5fff605fc05232a95cd",
        "1200||O|c83b4ca61fe0f1c3b3620b6a6b26b67a8abc091fe795c670c17af39ce82a97b3",
        "1200|<i8|a32f367214652e1f417fe48c79f0691f0ac7232a3ea196bb16678dfadcb607cc",
    ),
    "reuters": (
        "1040||O|8f8ef3c0fd79a56bf8f65cc55d5f817816d288b9057b9e3e6b4683aeb27df89f",
        "1040|<i8|f50b9fff76116be21c3ad5745e4961cd4674fcf23d57d8d821735b41008e48bc",
        "260||O|725d55b620e80b3439329e4c3b13ab85410704e95ae8cbff9d35c6192ec767a0",
        "260|<i8|bd0f84fd10dd45f6f24ae2d40dbd281752d002a682bf2bc70a1600210a111cec",
    ),
    "reuters-num_words10000": (
        "1040||O|d98f300d74723b4f4e44740481286b998402ac95b623eb4d5610d1448a902e71",
        "1040|<i8|f50b9fff76116be21c3ad5745e4961cd4674fcf23d57d8d821735b41008e48bc",
        "260||O|ceae9d18d900d77dd4425cecbe185e5187108dff3d2ddebf0f05ab879ff21686",
        "260|<i8|bd0f84fd10dd45f6f24ae2d40dbd281752d002a682bf2bc70a1600210a111cec",
    ),
    "reuters-maxlen50-split0.3-seed5-oov_none": (
        "137||O|91b8b2d79f159d9149fb6dba4d116b4df0c084d4596d05d7a0d6f4697b77bb51",
        "137|<i8|22380976dde0b5abc813955ad2320179bf6dd4889825891a5ce4e6cedfecb62e",
        "60||O|c07574b1d8f0a7d9713cb8a52ba9582e7c43880791d34548832440a14c5ff21e",
        "60|<i8|faf523428876bcfa7faf7470afc311538217d0c026bfd0facc7deef4aaba1595",
    ),
    "reuters-no_start-index_from0-split0": (
        "1300||O|f97cb6f8637f1171b0108e70148f1d20289991ed7c7e66ff8aeef193595b6c03",
        "1300|<i8|67e5a5f1290c9c338f9fb9291340cce4b9add4fdfa23b6d66d9d5ceb7cd750d0",
        "0||O|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "0|<i8|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ),
    "reuters-maxlen200-split0": (
        "858||O|79be431d5788595fc2a4a1f8d06611336d3c0d91ba3bded8ae5cf31d2b5acff1",
        "858|<i8|43958ad6b282318df43aaca6f1b2de600e8c7ccafd1334d0476a9785c71733ac",
        "0||O|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "0|<f8|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ),
    "california_housing": (
        "800x8|<f4|61661259e296d49b1e58d3ce91ecad6a98235196ce09e3ae09f3a646af87b4f6",
        "800|<f4|8753157d7cfb96937f0417b8d7aaa367b7577dbe007cefdc148f3280d0f9dbd2",
        "200x8|<f4|c0c962b85432f22bcea78a129cc356265ee56f56c9a289b6a5aa692b111ce1ec",
        "200|<f4|16b5945ef0fba1018a3d53efa556cdf365f48a68982699ce886b103031b92b20",
    ),
    "california_housing-small-split0.25-seed3": (
        "450x8|<f4|e174907b1464053d2e62b50739afd2150bd1cfbbad23a10ab7ffece357234ac5",
        "450|<f4|995600761664f8e39c707fdd0dab3abc9d040d4a68697f5eb2ab9e746d2310e0",
        "150x8|<f4|2c40e9d2d8acba7f7b9b1784ac62ab8df6719ed324166cff04e913170a42d4a0",
        "150|<f4|126064766bb7191b4abbda731ce00fd2c961aecf590c928d4820acc222ad1098",
    ),
    "cifar10": (
        "50000x32x32x3||u1|1323b88f7c92e66349b53088f76b983f0bbea51201ac77a34babaad7286ddbf0",
        "50000x1||u1|61651d14583a14bfe9facbe306e5d415898d2d530564380687f6f54b617c527b",
        "10000x32x32x3||u1|f5eef8e71ee755ba2e65800bb10290956e1d0f94abeeda13cec060c81ba2e170",
        "10000x1||u1|a8c5cd0869ba1e538135f37399c12260d9a7e0a6e0230439ec6be90cf170f994",
    ),
    "cifar100": (
        "600x32x32x3||u1|519b136f38d3a21e87593e60daf9846f7694149d68b9ea3fa7bc2a9f3b963782",
        "600x1|<i8|1ece47d673ab643de3fa503ad856e89fc0d5617665ae835a8eee7e2b6c556c60",
        "200x32x32x3||u1|42a34aea874dd2be6104b96ec385125fbcffb36ce73cc0194b0497228ff7a871",
        "200x1|<i8|4b5bfe1e39b27f46370d9928210948ee49b611105cbd566e5a2b1b531038e65e",
    ),
    "cifar100-coarse": (
        "600x32x32x3||u1|519b136f38d3a21e87593e60daf9846f7694149d68b9ea3fa7bc2a9f3b963782",
        "600x1|<i8|6c6b7f37f2370233d944148d525acfa30a07994d47274fa6a16aeba1a428aec0",
        "200x32x32x3||u1|42a34aea874dd2be6104b96ec385125fbcffb36ce73cc0194b0497228ff7a871",
        "200x1|<i8|5ba0aa5e040e0c60f8c8a71e3d5f371a8c4d90aa5da43d56fc7f3aff855385e9",
    ),
}
GOLDEN_WORD_INDEXES = {
    "imdb": "88584|c277c5142d33136a8a5679f6379bde7e59235415b2c7faf88d9422312eb28b19",
    "reuters": "15000|71994a195942ad6bfbc0cbdb2a69b11feefcd6752ad960264cd984c93f44aa41",
}


# Cases whose data file is a stand-in, and the stand-in (origin file name) each one uses.
STANDIN_OF = {
    "imdb": "imdb.npz",
    "reuters": "reuters.npz",
    "california_housing": "california_housing.npz",
    "cifar100": "cifar-100-python.tar.gz",
}


def test_every_case_has_a_golden_value():
    assert [name for name, _, _ in CASES] == list(GOLDEN_RESULTS)


@pytest.mark.parametrize(
    "name, module_name, kwargs",
    [case for case in CASES if case[1] in STANDIN_OF],
    ids=[case[0] for case in CASES if case[1] in STANDIN_OF],
)
def test_standin_results_equal_keras(name, module_name, kwargs, standin_files, use_standin):
    import importlib

    module = importlib.import_module(f"numkeras.datasets.{module_name}")
    use_standin(module, "DATA_FILE", standin_files[STANDIN_OF[module_name]], archive=module_name == "cifar100")
    assert fingerprint_result(module.load_data(**kwargs)) == GOLDEN_RESULTS[name]


def test_mnist_equals_keras(mnist_result):
    assert fingerprint_result(mnist_result[0]) == GOLDEN_RESULTS["mnist"]


def test_fashion_mnist_equals_keras(fashion_result):
    assert fingerprint_result(fashion_result[0]) == GOLDEN_RESULTS["fashion_mnist"]


@pytest.mark.parametrize("name", ["boston_housing", "boston_housing-split0.1-seed7"])
def test_boston_housing_equals_keras(name, real_data_home, monkeypatch):
    from numkeras.datasets import boston_housing

    monkeypatch.setenv("NUMKERAS_HOME", str(real_data_home))
    kwargs = next(k for n, _, k in CASES if n == name)
    assert fingerprint_result(boston_housing.load_data(**kwargs)) == GOLDEN_RESULTS[name]


@pytest.mark.slow
def test_cifar10_equals_keras_on_a_full_size_standin(tmp_path, use_standin, isolated_homes):
    # Keras's CIFAR-10 loader assumes 10,000 images per batch, so the golden value needs a
    # full-size stand-in (184 MB, about 2 s to write).
    import dataset_standins

    from numkeras.datasets import cifar10

    archive = dataset_standins.write_cifar10(tmp_path / "cifar-10-python.tar.gz")
    try:
        use_standin(cifar10, "DATA_FILE", archive, archive=True)
        assert fingerprint_result(cifar10.load_data()) == GOLDEN_RESULTS["cifar10"]
    finally:
        # pytest keeps the last runs' temporary folders; do not leave 370 MB in each.
        archive.unlink()
        shutil.rmtree(isolated_homes["numkeras"], ignore_errors=True)


def test_word_indexes_equal_keras(real_data_home, standin_files, use_standin, monkeypatch):
    from numkeras.datasets import imdb, reuters

    use_standin(reuters, "WORD_INDEX_FILE", standin_files["reuters_word_index.json"])
    assert fingerprint_word_index(reuters.get_word_index()) == GOLDEN_WORD_INDEXES["reuters"]
    monkeypatch.setenv("NUMKERAS_HOME", str(real_data_home))
    assert fingerprint_word_index(imdb.get_word_index()) == GOLDEN_WORD_INDEXES["imdb"]
